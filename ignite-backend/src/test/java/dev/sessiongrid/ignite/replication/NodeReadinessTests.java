package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CachePeekMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestSessions;
import dev.sessiongrid.ignite.node.NodeAvailabilityListener;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness of a node that joins a cluster holding sessions: refusing until its share has
 * arrived, then accepting; refusing again, for good, when it leaves.
 */
class NodeReadinessTests {

	private static final String CACHE = "readiness-sessions";

	private static final int SESSIONS = 3000;

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void joiningNodeRefusesTrafficUntilItHoldsItsShare() {
		Ignite first = this.cluster.start();
		IgniteSessionRepository repository = this.cluster.repository(first, CACHE, 1);
		TestSessions.write(repository, SESSIONS);
		Ignite joining = this.cluster.start();
		ReplicationMonitor monitor = this.cluster.monitor(joining, CACHE, 1);
		Recording recording = new Recording(joining);

		NodeReadiness readiness = this.cluster.closeWithCluster(new NodeReadiness(monitor, recording));
		readiness.start();

		await().atMost(Duration.ofSeconds(30)).until(() -> recording.calls.contains("accepting"));
		assertThat(recording.calls.get(0)).startsWith("refusing");
		// Two nodes, one backup: once its share has arrived, the joining node holds a
		// copy of every session.
		assertThat(recording.heldWhenAccepted).isEqualTo(SESSIONS);

		readiness.leaving();
		assertThat(recording.calls.get(recording.calls.size() - 1))
			.isEqualTo("refusing: the node is leaving the cluster");
		readiness.start();
		assertThat(recording.calls).filteredOn("accepting"::equals).hasSize(1);
	}

	private static final class Recording implements NodeAvailabilityListener {

		private final Ignite node;

		private final List<String> calls = new CopyOnWriteArrayList<>();

		private volatile long heldWhenAccepted = -1;

		Recording(Ignite node) {
			this.node = node;
		}

		@Override
		public void acceptingTraffic() {
			this.heldWhenAccepted = this.node.cache(CACHE).localSize(CachePeekMode.PRIMARY, CachePeekMode.BACKUP);
			this.calls.add("accepting");
		}

		@Override
		public void refusingTraffic(String reason) {
			this.calls.add("refusing: " + reason);
		}

		@Override
		public void broken(String reason) {
			this.calls.add("broken: " + reason);
		}

	}

}
