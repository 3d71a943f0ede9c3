package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.ignite.Ignite;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node stopped by its failure handler is replaced in the same process, and the
 * repository over it carries on: sessions saved before are served after, and meanwhile
 * reads fail as unavailable, never as "no session".
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
		this.cluster.start();
		this.node = SessiongridNode.healing(() -> SessiongridNodeFactory.start(TestPorts.BACKEND.settings()), 3,
				Duration.ofMillis(200));
		IgniteSessionRepository repository = this.cluster
			.closeWithCluster(new IgniteSessionRepository(this.node, CACHE, 1));
		repository.start();
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

}
