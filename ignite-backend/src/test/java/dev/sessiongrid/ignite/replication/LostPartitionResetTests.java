package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestSessions;
import dev.sessiongrid.ignite.metrics.SessiongridMetrics;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionDataLostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The reset policy on real nodes without backups, one of two stopped: the loss is
 * reported first, the lost sessions fail (never read as absent) until the delay has
 * passed, then the loss is accepted and counted, and the farm takes new sessions in the
 * lost partitions again.
 */
class LostPartitionResetTests {

	private static final String CACHE = "reset-sessions";

	private static final Duration DELAY = Duration.ofSeconds(3);

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void lostSessionsFailUntilTheDelayHasPassedThenReadAsAbsentAndTheResetIsCounted() {
		List<Ignite> nodes = this.cluster.start(2);
		IgniteSessionRepository repository = this.cluster.repository(nodes.get(0), CACHE, 0);
		ReplicationMonitor monitor = this.cluster.monitor(nodes.get(0), CACHE, 0);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.cluster.closeWithCluster(new SessiongridMetrics(repository, monitor)).bindTo(registry);
		this.cluster.closeWithCluster(new LostPartitionReset(monitor, repository::resetLostPartitions, DELAY)).start();
		List<String> ids = TestSessions.write(repository, 200);

		this.cluster.stop(nodes.get(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> !repository.getSessionCache().lostPartitions().isEmpty());
		long lostAt = System.nanoTime();
		Set<Integer> lost = Set.copyOf(repository.getSessionCache().lostPartitions());
		String lostId = ids.stream()
			.filter((id) -> lost.contains(nodes.get(0).affinity(CACHE).partition(id)))
			.findFirst()
			.orElseThrow();

		// Every read until the reset reports the loss; the first that does not finds no
		// session.
		while (true) {
			try {
				IgniteSession found = repository.findById(lostId);
				assertThat(found).as("a lost session read after the reset").isNull();
				break;
			}
			catch (SessionDataLostException ex) {
				if (System.nanoTime() - lostAt > DELAY.multipliedBy(5).toNanos()) {
					fail("The loss was not accepted within five times the delay");
				}
				sleep(50);
			}
		}
		Duration failedFor = Duration.ofNanos(System.nanoTime() - lostAt);
		// The monitor reports the loss within its 100 ms poll of the test's own
		// observation, then waits the delay.
		assertThat(failedFor).isGreaterThanOrEqualTo(DELAY.minusMillis(300));
		assertThat(repository.getSessionCache().lostPartitions()).isEmpty();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(registry.get(SessiongridMetrics.LOST_PARTITIONS_RESET).counter().count())
				.isEqualTo(lost.size()));
		// New sessions are stored in the partitions that were lost, and read back.
		int storedInLost = 0;
		for (int i = 0; i < 200 && storedInLost < 3; i++) {
			IgniteSession session = repository.createSession();
			session.setAttribute("n", i);
			repository.save(session);
			if (lost.contains(nodes.get(0).affinity(CACHE).partition(session.getId()))) {
				storedInLost++;
				assertThat(repository.findById(session.getId()).<Integer>getAttribute("n")).isEqualTo(i);
			}
		}
		assertThat(storedInLost).isEqualTo(3);
	}

	@Test
	void withoutThePolicyTheLossStaysUntilSomeoneResets() {
		List<Ignite> nodes = this.cluster.start(2);
		IgniteSessionRepository repository = this.cluster.repository(nodes.get(0), CACHE, 0);
		ReplicationMonitor monitor = this.cluster.monitor(nodes.get(0), CACHE, 0);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.cluster.closeWithCluster(new SessiongridMetrics(repository, monitor)).bindTo(registry);
		TestSessions.write(repository, 100);

		this.cluster.stop(nodes.get(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> !repository.getSessionCache().lostPartitions().isEmpty());
		sleep(DELAY.toMillis() + 1000);

		assertThat(repository.getSessionCache().lostPartitions()).isNotEmpty();
		assertThat(registry.get(SessiongridMetrics.LOST_PARTITIONS_RESET).counter().count()).isZero();
		// The operator's reset is counted too.
		repository.resetLostPartitions();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(registry.get(SessiongridMetrics.LOST_PARTITIONS_RESET).counter().count())
				.isPositive());
	}

	@Test
	void onlyTheOldestNodeResetsWhenEveryNodeHasThePolicy() {
		List<Ignite> nodes = this.cluster.start(3);
		IgniteSessionRepository oldest = this.cluster.repository(nodes.get(0), CACHE, 0);
		IgniteSessionRepository younger = this.cluster.repository(nodes.get(1), CACHE, 0);
		ReplicationMonitor oldestMonitor = this.cluster.monitor(nodes.get(0), CACHE, 0);
		ReplicationMonitor youngerMonitor = this.cluster.monitor(nodes.get(1), CACHE, 0);
		assertThat(oldestMonitor.isOldestServerNode()).isTrue();
		assertThat(youngerMonitor.isOldestServerNode()).isFalse();
		AtomicIntegerArray resets = new AtomicIntegerArray(2);
		this.cluster.closeWithCluster(new LostPartitionReset(oldestMonitor, () -> {
			resets.incrementAndGet(0);
			oldest.resetLostPartitions();
		}, Duration.ofSeconds(1))).start();
		this.cluster.closeWithCluster(new LostPartitionReset(youngerMonitor, () -> {
			resets.incrementAndGet(1);
			younger.resetLostPartitions();
		}, Duration.ofSeconds(1))).start();
		TestSessions.write(oldest, 100);

		this.cluster.stop(nodes.get(2));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> resets.get(0) == 1 && oldest.getSessionCache().lostPartitions().isEmpty());
		sleep(3000);
		assertThat(resets.get(0)).isOne();
		assertThat(resets.get(1)).isZero();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
