package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cluster.BaselineNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestSessions;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionCaches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Failover on real nodes in one JVM: abrupt failures, the backup rebuild delay, joining,
 * and graceful leaves.
 */
class FailoverTests {

	private static final String CACHE = "failover-sessions";

	private static final int SESSIONS = 1000;

	private static final int PARTITIONS = SessionCaches.PARTITIONS;

	private TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void abruptFailureOfOneNodeWithOneBackupLosesNothing() {
		List<Ignite> nodes = this.cluster.start(3);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 1), SESSIONS);
		ReplicationMonitor monitor = monitor(nodes.get(1), 1);
		List<Failover> failovers = new CopyOnWriteArrayList<>();
		monitor.addListener(new ReplicationMonitor.Listener() {
			@Override
			public void onFailover(Failover failover) {
				failovers.add(failover);
			}
		});

		this.cluster.fail(nodes.get(0));

		TestSessions.assertAllReadable(repository(nodes.get(2), 1), ids);
		await().atMost(Duration.ofSeconds(10)).until(() -> !failovers.isEmpty());
		assertThat(failovers.get(0).cause()).isEqualTo(Failover.Cause.FAILED);
		await().atMost(Duration.ofSeconds(20)).until(() -> monitor.state().fullyReplicated());
	}

	@Test
	void twoAbruptFailuresWithTwoBackupsLoseNothing() {
		List<Ignite> nodes = this.cluster.start(4);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 2), SESSIONS);

		this.cluster.fail(nodes.get(0));
		this.cluster.fail(nodes.get(1));

		TestSessions.assertAllReadable(repository(nodes.get(3), 2), ids);
		assertThat(nodes.get(3).cache(CACHE).lostPartitions()).isEmpty();
	}

	@Test
	void shortOutageWithinTheRebuildDelayMovesNoData() {
		this.cluster = new TestCluster((settings) -> settings.setBackupRebuildDelay(Duration.ofSeconds(8)));
		List<Ignite> nodes = this.cluster.start(3);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 1), SESSIONS);
		ReplicationMonitor monitor = monitor(nodes.get(0), 1);
		// The delay also holds back joining nodes: the cluster takes them into the
		// baseline once it has passed. Two nodes can already be fully replicated before
		// the third joins the baseline: wait for all three. Until rebalancing to the
		// newcomer ends, Ignite keeps the old assignment: wait until all three own a
		// share.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> baseline(nodes.get(0)).size() == 3 && monitor.state().fullyReplicated()
					&& nodes.stream().allMatch((node) -> owned(node) < PARTITIONS));
		Set<Object> baseline = baseline(nodes.get(0));
		int ownedByFirst = owned(nodes.get(0));
		int ownedBySecond = owned(nodes.get(1));

		this.cluster.stop(nodes.get(2));
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().serverNodes() == 2);
		ReplicationState during = monitor.state();
		Ignite back = this.cluster.start();

		// While it was away: its partitions had one copy fewer, and nothing moved between
		// the survivors.
		assertThat(during.underReplicatedPartitions()).isPositive();
		assertThat(during.rebalancingCopies()).isZero();
		assertThat(owned(nodes.get(0))).isEqualTo(ownedByFirst);
		assertThat(owned(nodes.get(1))).isEqualTo(ownedBySecond);
		// It came back as the same baseline node and got its own partitions back.
		assertThat(baseline(back)).isEqualTo(baseline);
		await().atMost(Duration.ofSeconds(20)).until(() -> monitor.state().fullyReplicated());
		assertThat(owned(nodes.get(0))).isEqualTo(ownedByFirst);
		TestSessions.assertAllReadable(repository(back, 1), ids);
	}

	@Test
	void longOutageRebuildsBackupsAfterTheDelay() {
		this.cluster = new TestCluster((settings) -> settings.setBackupRebuildDelay(Duration.ofSeconds(3)));
		List<Ignite> nodes = this.cluster.start(3);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 1), SESSIONS);
		ReplicationMonitor monitor = monitor(nodes.get(0), 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> monitor.state().fullyReplicated());

		this.cluster.stop(nodes.get(2));
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().serverNodes() == 2);

		assertThat(baseline(nodes.get(0))).hasSize(3);
		assertThat(monitor.state().underReplicatedPartitions()).isPositive();
		await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state().fullyReplicated());
		assertThat(baseline(nodes.get(0))).hasSize(2);
		assertThat(monitor.state().minCopies()).isEqualTo(2);
		TestSessions.assertAllReadable(repository(nodes.get(1), 1), ids);
	}

	@Test
	void newNodeJoinsAndTakesItsShareOfPrimariesAndBackups() {
		List<Ignite> nodes = this.cluster.start(2);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 1), SESSIONS);
		ReplicationMonitor monitor = monitor(nodes.get(0), 1);

		Ignite joined = this.cluster.start();
		IgniteSessionRepository onJoined = repository(joined, 1);

		// Three nodes and every copy complete can be true for a moment before the
		// baseline takes the newcomer in and its share moves: wait for the share itself,
		// not only for full redundancy.
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(monitor.state().fullyReplicated()).isTrue();
			assertThat(monitor.state().serverNodes()).isEqualTo(3);
			assertThat(joined.cache(CACHE).localSize(CachePeekMode.PRIMARY)).isBetween(SESSIONS / 6, SESSIONS / 2);
			assertThat(joined.cache(CACHE).localSize(CachePeekMode.BACKUP)).isBetween(SESSIONS / 6, SESSIONS / 2);
		});
		TestSessions.assertAllReadable(onJoined, ids);
	}

	@Test
	void lastNodeLeavesAtOnceInsteadOfWaitingForever() {
		Ignite node = this.cluster.start();
		TestSessions.write(repository(node, 1), SESSIONS);
		this.cluster.nodes().remove(node);

		GracefulLeave.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20),
				() -> GracefulLeave.leave(node, List.of(CACHE), Duration.ofSeconds(60)));

		assertThat(result.lastNode()).isTrue();
		assertThat(node.cluster()).isNotNull();
	}

	@Test
	void gracefulLeaveWithoutBackupsReportsTheLossAtOnceInsteadOfWaitingInVain() {
		List<Ignite> nodes = this.cluster.start(2);
		IgniteSessionRepository stays = repository(nodes.get(0), 0);
		TestSessions.write(stays, SESSIONS);
		Ignite leaving = nodes.get(1);
		int sole = new PartitionTopology(leaving, CACHE).soleCopiesOn(leaving.cluster().localNode().id());
		this.cluster.nodes().remove(leaving);

		GracefulLeave.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
				() -> GracefulLeave.leave(leaving, List.of(CACHE), Duration.ofSeconds(60)));

		assertThat(sole).isPositive();
		assertThat(result.partitionsLost()).isEqualTo(sole);
		await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(0).cache(CACHE).lostPartitions().size() == sole);
	}

	@Test
	void gracefulLeaveDuringTheRebuildDelayRebuildsBackupsFirst() {
		this.cluster = new TestCluster((settings) -> settings.setBackupRebuildDelay(Duration.ofMinutes(5)));
		List<Ignite> nodes = this.cluster.start(3);
		// The long delay also holds back the joining nodes: take them into the baseline
		// by hand.
		GracefulLeave.adjustBaselineNow(nodes.get(0));
		IgniteSessionRepository repository = repository(nodes.get(0), 1);
		List<String> ids = TestSessions.write(repository, SESSIONS);
		ReplicationMonitor monitor = monitor(nodes.get(0), 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> monitor.state().fullyReplicated());
		this.cluster.stop(nodes.get(2));
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state().serverNodes() == 2);
		Ignite leaving = nodes.get(1);
		this.cluster.nodes().remove(leaving);

		GracefulLeave.Result result = GracefulLeave.leave(leaving, repository.getCacheNames(), Duration.ofSeconds(60));

		assertThat(result.partitionsLost()).isZero();
		assertThat(result.adjustedBaseline()).isTrue();
		TestSessions.assertAllReadable(repository, ids);
	}

	@Test
	void rollingRestartOfThreeNodesLosesNothing() {
		List<Ignite> nodes = new ArrayList<>(this.cluster.start(3));
		List<String> ids = TestSessions.write(repository(nodes.get(0), 1), SESSIONS);
		for (int i = 0; i < 3; i++) {
			Ignite leaving = nodes.remove(0);
			this.cluster.nodes().remove(leaving);
			GracefulLeave.Result result = GracefulLeave.leave(leaving,
					List.of(CACHE, CACHE + SessionCaches.PRINCIPAL_INDEX_SUFFIX), Duration.ofSeconds(60));
			assertThat(result.partitionsLost()).as("restart %d", i).isZero();
			Ignite replacement = this.cluster.start();
			nodes.add(replacement);
			repository(replacement, 1);
		}
		TestSessions.assertAllReadable(repository(nodes.get(0), 1), ids);
		assertThat(nodes.get(0).cache(CACHE).lostPartitions()).isEmpty();
	}

	private IgniteSessionRepository repository(Ignite node, int backups) {
		return this.cluster.repository(node, CACHE, backups);
	}

	private ReplicationMonitor monitor(Ignite node, int backups) {
		return this.cluster.monitor(node, CACHE, backups);
	}

	private static Set<Object> baseline(Ignite node) {
		return node.cluster()
			.currentBaselineTopology()
			.stream()
			.map(BaselineNode::consistentId)
			.collect(Collectors.toSet());
	}

	private static int owned(Ignite node) {
		return node.affinity(CACHE).allPartitions(node.cluster().localNode()).length;
	}

}
