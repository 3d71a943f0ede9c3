package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.FailureContext;
import org.apache.ignite.failure.FailureType;
import org.apache.ignite.internal.IgniteEx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.TestSessions;
import dev.sessiongrid.ignite.node.SessiongridNode;
import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A node stopped by its failure handler is replaced in the same process, and the
 * repository over it carries on: sessions saved before are served after, and meanwhile
 * reads fail as unavailable, never as "no session". From the moment a node hears that it
 * was segmented, before Ignite has stopped it, the repository over it acknowledges
 * nothing and health says it is out of the cluster: the rest of the cluster has promoted
 * the backups of its sessions, and what it still writes on its own copies would die with
 * it.
 */
class SelfHealingTests {

	private static final String CACHE = "healing-sessions";

	private final TestCluster cluster = new TestCluster();

	private SessiongridNode node;

	@AfterEach
	void stop() {
		this.cluster.close();
		if (this.node != null) {
			this.node.close();
		}
	}

	@Test
	void repositoryServesTheSessionsSavedBeforeItsNodeWasReplaced() throws InterruptedException {
		IgniteSessionRepository repository = repositoryOverAHealingNode();
		List<String> ids = TestSessions.write(repository, 300);
		AtomicBoolean reading = new AtomicBoolean(true);
		AtomicInteger unavailable = new AtomicInteger();
		AtomicReference<String> answeredAbsent = new AtomicReference<>();
		Thread reader = new Thread(() -> {
			while (reading.get()) {
				for (String id : ids) {
					try {
						if (repository.findById(id) == null) {
							answeredAbsent.compareAndSet(null, id);
						}
					}
					catch (SessionStoreUnavailableException ex) {
						unavailable.incrementAndGet();
					}
				}
			}
		});
		reader.start();
		Ignite failing = this.node.ignite();

		// What Ignite does on a critical failure: its failure handler stops the node.
		((IgniteEx) failing).context()
			.failure()
			.process(new FailureContext(FailureType.CRITICAL_ERROR,
					new IllegalStateException("simulated critical failure")));

		await().atMost(Duration.ofSeconds(60)).until(() -> this.node.ignite() != failing && !this.node.isReplacing());
		TestSessions.assertAllReadable(repository, ids);
		reading.set(false);
		reader.join();
		assertThat(answeredAbsent.get()).as("a session read as absent during the replacement").isNull();
		assertThat(unavailable.get()).as("reads answered as unavailable during the replacement").isPositive();
	}

	@Test
	void aSegmentedNodeRefusesEveryOperationAndSaysItIsOutOfTheCluster() {
		IgniteSessionRepository repository = repositoryOverAHealingNode();
		ReplicationMonitor monitor = new ReplicationMonitor(this.node, CACHE, 1);
		List<String> ids = TestSessions.write(repository, 20);
		IgniteSession session = repository.findById(ids.get(0));
		assertThat(monitor.state().localNodeInCluster()).isTrue();
		assertThat(this.node.refusal()).isNull();

		segmented(this.node.ignite());

		assertThat(this.node.refusal()).contains("segmented");
		assertThat(this.node.isReplacing()).isTrue();
		session.setAttribute("written", "while segmented");
		assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(() -> repository.save(session))
			.withMessageContaining("segmented");
		assertThatExceptionOfType(SessionStoreUnavailableException.class)
			.isThrownBy(() -> repository.findById(ids.get(1)));
		assertThatExceptionOfType(SessionStoreUnavailableException.class)
			.isThrownBy(() -> repository.deleteById(ids.get(2)));
		assertThat(monitor.state().localNodeInCluster()).isFalse();
		monitor.close();
	}

	/** A repository over a healing node that joined a one-node cluster. */
	private IgniteSessionRepository repositoryOverAHealingNode() {
		this.cluster.start();
		this.node = SessiongridNode.healing(() -> SessiongridNodeFactory.start(TestPorts.BACKEND.settings()), 3,
				Duration.ofMillis(200));
		IgniteSessionRepository repository = this.cluster
			.closeWithCluster(new IgniteSessionRepository(this.node, CACHE, 1));
		repository.start();
		return repository;
	}

	/**
	 * What Ignite's discovery tells the node's local listeners when it finds itself
	 * segmented.
	 */
	private static void segmented(Ignite ignite) {
		ClusterNode local = ignite.cluster().localNode();
		((IgniteEx) ignite).context()
			.event()
			.record(new DiscoveryEvent(local, "Local node segmented (simulated)", EventType.EVT_NODE_SEGMENTED, local));
	}

}
