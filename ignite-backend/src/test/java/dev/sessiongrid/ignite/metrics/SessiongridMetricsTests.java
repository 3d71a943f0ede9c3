package dev.sessiongrid.ignite.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.session.FindByIndexNameSessionRepository;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.Operation;
import dev.sessiongrid.ignite.session.SessionTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The meters of {@link SessiongridMetrics} on real nodes: what a node's departure does to
 * them, and what the repository's work records.
 */
class SessiongridMetricsTests {

	private static final String CACHE = "metered";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void everyMeterOfTheDesignIsRegisteredWithItsTagsUnitAndDescription() {
		Ignite node = this.cluster.start();
		MeterRegistry registry = new SimpleMeterRegistry();
		new SessiongridMetrics(repository(node, 1), monitor(node, 1)).bindTo(registry);

		assertThat(registry.getMeters()).allSatisfy((meter) -> {
			assertThat(meter.getId().getName()).startsWith("sessiongrid.");
			assertThat(meter.getId().getTag("cache")).isEqualTo(CACHE);
			assertThat(meter.getId().getDescription()).isNotBlank();
		});
		assertThat(registry.getMeters().stream().map((meter) -> describe(meter.getId()))).containsExactlyInAnyOrder(
				"sessiongrid.sessions GAUGE sessions [cache, ownership=backup]",
				"sessiongrid.sessions GAUGE sessions [cache, ownership=primary]",
				"sessiongrid.cluster.nodes GAUGE nodes [cache]",
				"sessiongrid.failovers COUNTER null [cache, cause=failed]",
				"sessiongrid.failovers COUNTER null [cache, cause=left]",
				"sessiongrid.replication.copies.min GAUGE null [cache]",
				"sessiongrid.replication.partitions.underreplicated GAUGE partitions [cache]",
				"sessiongrid.replication.partitions.lost GAUGE partitions [cache]",
				"sessiongrid.replication.partitions.reset COUNTER partitions [cache]",
				"sessiongrid.rebalance.partitions.remaining GAUGE partitions [cache]",
				"sessiongrid.failover.recovery TIMER seconds [cache]",
				"sessiongrid.operations TIMER seconds [cache, operation=delete, outcome=error]",
				"sessiongrid.operations TIMER seconds [cache, operation=delete, outcome=success]",
				"sessiongrid.operations TIMER seconds [cache, operation=find, outcome=error]",
				"sessiongrid.operations TIMER seconds [cache, operation=find, outcome=success]",
				"sessiongrid.operations TIMER seconds [cache, operation=find-by-index, outcome=error]",
				"sessiongrid.operations TIMER seconds [cache, operation=find-by-index, outcome=success]",
				"sessiongrid.operations TIMER seconds [cache, operation=save, outcome=error]",
				"sessiongrid.operations TIMER seconds [cache, operation=save, outcome=success]",
				"sessiongrid.session.events COUNTER null [cache, type=created]",
				"sessiongrid.session.events COUNTER null [cache, type=deleted]",
				"sessiongrid.session.events COUNTER null [cache, type=expired]",
				"sessiongrid.session.size DISTRIBUTION_SUMMARY " + BaseUnits.BYTES + " [cache]");
		assertThat(registry.get(SessiongridMetrics.FAILOVERS).counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void nodeStopOnThreeNodeClusterIsCountedAndRecoveredFrom() {
		// Rebuilding backups waits 3 s after a departure, so the under-replication lasts
		// long enough to be seen by gauges read at most once a second; without the delay
		// it can be over in a few hundred milliseconds.
		this.cluster = new TestCluster((settings) -> settings.setBackupRebuildDelay(Duration.ofSeconds(3)));
		List<Ignite> nodes = this.cluster.start(3);
		IgniteSessionRepository repository = repository(nodes.get(0), 1);
		ReplicationMonitor monitor = monitor(nodes.get(0), 1);
		MeterRegistry registry = new SimpleMeterRegistry();
		new SessiongridMetrics(repository, monitor).bindTo(registry);
		await().atMost(TIMEOUT).until(() -> monitor.state().fullyReplicated());
		await().atMost(TIMEOUT)
			.until(() -> gauge(registry, SessiongridMetrics.CLUSTER_NODES) == 3
					&& gauge(registry, SessiongridMetrics.COPIES_MIN) == 2);
		assertThat(gauge(registry, SessiongridMetrics.UNDERREPLICATED_PARTITIONS)).isZero();

		this.cluster.stop(nodes.get(2));

		await().atMost(TIMEOUT).until(() -> gauge(registry, SessiongridMetrics.UNDERREPLICATED_PARTITIONS) > 0);
		assertThat(gauge(registry, SessiongridMetrics.COPIES_MIN)).isEqualTo(1);
		assertThat(gauge(registry, SessiongridMetrics.CLUSTER_NODES)).isEqualTo(2);
		assertThat(registry.get(SessiongridMetrics.FAILOVERS).tag("cause", "left").counter().count()).isOne();
		assertThat(registry.get(SessiongridMetrics.FAILOVERS).tag("cause", "failed").counter().count()).isZero();

		await().atMost(TIMEOUT).until(() -> gauge(registry, SessiongridMetrics.UNDERREPLICATED_PARTITIONS) == 0);
		await().atMost(TIMEOUT).until(() -> registry.get(SessiongridMetrics.FAILOVER_RECOVERY).timer().count() == 1);
		await().atMost(TIMEOUT).until(() -> gauge(registry, SessiongridMetrics.COPIES_MIN) == 2);
		assertThat(registry.get(SessiongridMetrics.FAILOVER_RECOVERY).timer().totalTime(TimeUnit.MILLISECONDS))
			.as("recovery lasts until the backups are rebuilt, after the 3 s delay")
			.isGreaterThan(2000);
		assertThat(gauge(registry, SessiongridMetrics.LOST_PARTITIONS)).isZero();
		assertThat(gauge(registry, SessiongridMetrics.CLUSTER_NODES)).isEqualTo(2);
	}

	@Test
	void primarySessionsOfAllNodesAddUpToTheSessionCount() {
		List<Ignite> nodes = this.cluster.start(3);
		List<MeterRegistry> registries = new ArrayList<>();
		List<IgniteSessionRepository> repositories = new ArrayList<>();
		for (Ignite node : nodes) {
			MeterRegistry registry = new SimpleMeterRegistry();
			IgniteSessionRepository repository = repository(node, 1);
			new SessiongridMetrics(repository, monitor(node, 1)).bindTo(registry);
			registries.add(registry);
			repositories.add(repository);
		}
		int sessions = 300;
		for (int i = 0; i < sessions; i++) {
			IgniteSession session = repositories.get(i % 3).createSession();
			session.setAttribute("n", i);
			repositories.get(i % 3).save(session);
		}

		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(sum(registries, "primary")).isEqualTo(sessions);
			assertThat(sum(registries, "backup")).isEqualTo(sessions);
		});
		assertThat(registries).allSatisfy((registry) -> assertThat(
				registry.get(SessiongridMetrics.SESSIONS).tag("ownership", "primary").gauge().value())
			.as("primaries on one node")
			.isBetween(sessions / 6.0, sessions / 2.0));
		double created = registries.stream()
			.mapToDouble((registry) -> registry.get(SessiongridMetrics.SESSION_EVENTS)
				.tag("type", "created")
				.counter()
				.count())
			.sum();
		assertThat(created).isEqualTo(sessions);
	}

	@Test
	void nodeLostWithoutBackupsShowsLostPartitions() {
		List<Ignite> nodes = this.cluster.start(2);
		IgniteSessionRepository repository = repository(nodes.get(0), 0);
		ReplicationMonitor monitor = monitor(nodes.get(0), 0);
		MeterRegistry registry = new SimpleMeterRegistry();
		new SessiongridMetrics(repository, monitor).bindTo(registry);
		await().atMost(TIMEOUT)
			.until(() -> gauge(registry, SessiongridMetrics.CLUSTER_NODES) == 2
					&& gauge(registry, SessiongridMetrics.REBALANCE_REMAINING) == 0);
		assertThat(gauge(registry, SessiongridMetrics.LOST_PARTITIONS)).isZero();

		this.cluster.stop(nodes.get(1));

		await().atMost(TIMEOUT).until(() -> gauge(registry, SessiongridMetrics.LOST_PARTITIONS) > 0);
		assertThat(gauge(registry, SessiongridMetrics.COPIES_MIN)).isZero();
		assertThat(gauge(registry, SessiongridMetrics.UNDERREPLICATED_PARTITIONS))
			.isEqualTo(gauge(registry, SessiongridMetrics.LOST_PARTITIONS));
		assertThat(registry.get(SessiongridMetrics.FAILOVERS).tag("cause", "left").counter().count()).isOne();
		assertThat(registry.get(SessiongridMetrics.FAILOVER_RECOVERY).timer().count()).isZero();
	}

	@Test
	void repositoryOperationsEventsAndSizesAreRecordedInEveryBoundRegistry() {
		Ignite node = this.cluster.start();
		IgniteSessionRepository repository = repository(node, 0);
		SessiongridMetrics metrics = new SessiongridMetrics(repository, monitor(node, 0));
		MeterRegistry first = new SimpleMeterRegistry();
		MeterRegistry second = new SimpleMeterRegistry();
		metrics.bindTo(first);
		metrics.bindTo(second);

		IgniteSession session = repository.createSession();
		session.setAttribute("user", "alice");
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
		repository.save(session);
		assertThat(repository.findById(session.getId())).isNotNull();
		assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(session.getId());
		repository.deleteById(session.getId());
		IgniteSession expiring = repository.createSession();
		expiring.setMaxInactiveInterval(Duration.ofSeconds(1));
		repository.save(expiring);
		repository.setMaxSessionSize(64);
		IgniteSession large = repository.createSession();
		large.setAttribute("large", "x".repeat(1000));
		assertThatExceptionOfType(SessionTooLargeException.class).isThrownBy(() -> repository.save(large));

		for (MeterRegistry registry : List.of(first, second)) {
			assertThat(operations(registry, "save", "success")).isEqualTo(2);
			assertThat(operations(registry, "save", "error")).isEqualTo(1);
			assertThat(operations(registry, "find", "success")).isEqualTo(1);
			assertThat(operations(registry, "find-by-index", "success")).isEqualTo(1);
			assertThat(operations(registry, "delete", "success")).isEqualTo(1);
			assertThat(events(registry, "created")).isEqualTo(2);
			assertThat(events(registry, "deleted")).isEqualTo(1);
			assertThat(registry.get(SessiongridMetrics.SESSION_SIZE).summary().count()).isEqualTo(2);
			assertThat(registry.get(SessiongridMetrics.SESSION_SIZE).summary().max()).isPositive();
			await().atMost(TIMEOUT).until(() -> events(registry, "expired") == 1);
		}
	}

	@Test
	void bindingToAMonitorOfAnotherCacheIsRefused() {
		Ignite node = this.cluster.start();
		IgniteSessionRepository repository = repository(node, 0);
		ReplicationMonitor other = new ReplicationMonitor(node, "other", 0);
		this.cluster.closeWithCluster(other);

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SessiongridMetrics(repository, other, Tags.empty()))
			.withMessageContaining("'other'")
			.withMessageContaining("'" + CACHE + "'");
	}

	@Test
	void theBinderAddsItsObserverNextToTheUsersAndRemovesItOnClose() {
		Ignite node = this.cluster.start();
		IgniteSessionRepository repository = repository(node, 1);
		List<Operation> heardByUser = new CopyOnWriteArrayList<>();
		repository.addObserver(new SessionRepositoryObserver() {
			@Override
			public void onOperation(Operation operation, long durationNanos, boolean success) {
				heardByUser.add(operation);
			}
		});
		MeterRegistry registry = new SimpleMeterRegistry();
		SessiongridMetrics metrics = new SessiongridMetrics(repository, monitor(node, 1));
		metrics.bindTo(registry);

		repository.findById("unknown-id");
		assertThat(heardByUser).containsExactly(Operation.FIND);
		assertThat(findTimer(registry).count()).isOne();

		metrics.close();
		repository.findById("unknown-id");
		assertThat(heardByUser).containsExactly(Operation.FIND, Operation.FIND);
		assertThat(findTimer(registry).count()).isOne();
		metrics.close();
	}

	private static Timer findTimer(MeterRegistry registry) {
		return registry.get(SessiongridMetrics.OPERATIONS).tag("operation", "find").tag("outcome", "success").timer();
	}

	private IgniteSessionRepository repository(Ignite node, int backups) {
		return this.cluster.repository(node, CACHE, backups);
	}

	private ReplicationMonitor monitor(Ignite node, int backups) {
		return this.cluster.monitor(node, CACHE, backups);
	}

	private static String describe(Meter.Id id) {
		List<String> tags = new ArrayList<>();
		// the cache tag's value is checked separately; the others are part of the meter's
		// identity
		id.getTags()
			.forEach((tag) -> tags.add(tag.getKey().equals("cache") ? "cache" : tag.getKey() + "=" + tag.getValue()));
		return id.getName() + " " + id.getType() + " " + id.getBaseUnit() + " " + tags;
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).gauge().value();
	}

	private static double sum(List<MeterRegistry> registries, String ownership) {
		return registries.stream()
			.mapToDouble(
					(registry) -> registry.get(SessiongridMetrics.SESSIONS).tag("ownership", ownership).gauge().value())
			.sum();
	}

	private static long operations(MeterRegistry registry, String operation, String outcome) {
		return registry.get(SessiongridMetrics.OPERATIONS)
			.tags("operation", operation, "outcome", outcome)
			.timer()
			.count();
	}

	private static double events(MeterRegistry registry, String type) {
		return registry.get(SessiongridMetrics.SESSION_EVENTS).tag("type", type).counter().count();
	}

}
