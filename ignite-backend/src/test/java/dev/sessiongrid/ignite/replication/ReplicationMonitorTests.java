package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplicationMonitorTests {

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void fullClusterHasEveryCopyAndDistributesPrimaries() {
		List<Ignite> nodes = this.cluster.start(3);
		ReplicationMonitor monitor = monitor(nodes.get(0), 1);

		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().fullyReplicated());
		ReplicationState state = monitor.state();

		assertThat(state.serverNodes()).isEqualTo(3);
		assertThat(state.minCopies()).isEqualTo(2);
		assertThat(state.underReplicatedPartitions()).isZero();
		assertThat(state.copyDistribution()).containsOnlyKeys(2);
		assertThat(state.nodes()).hasSize(3);
		assertThat(state.nodes().values().stream().mapToInt(ReplicationState.NodeOwnership::primaries).sum())
			.isEqualTo(state.partitions());
		assertThat(monitor.partitionsWithoutCopyElsewhere(nodes.get(1).cluster().localNode().id())).isZero();
	}

	@Test
	void departureIsHeardAndRecoveryTimed() {
		List<Ignite> nodes = this.cluster.start(3);
		ReplicationMonitor monitor = monitor(nodes.get(0), 1);
		List<Failover> failovers = new CopyOnWriteArrayList<>();
		List<Failover> recoveries = new CopyOnWriteArrayList<>();
		monitor.addListener(new ReplicationMonitor.Listener() {
			@Override
			public void onFailover(Failover failover) {
				failovers.add(failover);
			}

			@Override
			public void onRecovered(Failover failover) {
				recoveries.add(failover);
			}
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().fullyReplicated());

		this.cluster.stop(nodes.get(2));

		await().atMost(Duration.ofSeconds(20)).until(() -> recoveries.size() == 1);
		assertThat(failovers).singleElement().satisfies((f) -> assertThat(f.cause()).isEqualTo(Failover.Cause.LEFT));
		assertThat(recoveries.get(0).recovery()).isPositive();
		assertThat(monitor.lastFailover().recovery()).isEqualTo(recoveries.get(0).recovery());
		assertThat(monitor.state().minCopies()).isEqualTo(2);
		assertThat(monitor.state().serverNodes()).isEqualTo(2);
	}

	@Test
	void withoutBackupsEachNodeHoldsSoleCopiesAndLossIsVisible() {
		List<Ignite> nodes = this.cluster.start(2);
		ReplicationMonitor monitor = monitor(nodes.get(0), 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().rebalancingCopies() == 0);

		int sole = monitor.partitionsWithoutCopyElsewhere(nodes.get(1).cluster().localNode().id());
		assertThat(sole).isBetween(monitor.state().partitions() / 4, monitor.state().partitions() * 3 / 4);

		this.cluster.stop(nodes.get(1));

		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().lostPartitions().size() == sole);
		assertThat(monitor.state().fullyReplicated()).isFalse();
		assertThat(monitor.state().minCopies()).isZero();
	}

	@Test
	void copiesOfASessionAreItsPartitionsPrimaryAndBackupsWithoutReadingIt() {
		List<Ignite> nodes = this.cluster.start(3);
		ReplicationMonitor monitor = monitor(nodes.get(0), 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().fullyReplicated());
		String id = "no-such-session";

		SessionCopies copies = monitor.copiesOf(id);

		assertThat(copies.cache()).isEqualTo("monitored");
		assertThat(copies.partition()).isEqualTo(nodes.get(1).affinity("monitored").partition(id));
		assertThat(copies.primary()).isNotNull();
		assertThat(copies.primary().nodeId()).isEqualTo(nodes.get(2).affinity("monitored").mapKeyToNode(id).id());
		assertThat(copies.backups()).hasSize(2);
		List<SessionCopies.Copy> all = new ArrayList<>(copies.backups());
		all.add(copies.primary());
		assertThat(all).extracting(SessionCopies.Copy::nodeId)
			.containsExactlyInAnyOrderElementsOf(
					nodes.stream().map((node) -> node.cluster().localNode().id()).toList());
		assertThat(all).allSatisfy((copy) -> {
			assertThat(copy.state()).isEqualTo("owning");
			assertThat(copy.name()).isNotBlank();
			assertThat(copy.consistentId()).isNotBlank();
			assertThat(copy.addresses()).isNotEmpty();
		});
		assertThat(nodes.get(0).cache("monitored").containsKey(id)).isFalse();
	}

	private ReplicationMonitor monitor(Ignite node, int backups) {
		this.cluster.repository(node, "monitored", backups);
		return this.cluster.monitor(node, "monitored", backups);
	}

}
