package dev.sessiongrid.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.ignite.Ignite;
import org.apache.ignite.failure.FailureContext;
import org.apache.ignite.failure.FailureType;
import org.apache.ignite.internal.IgniteEx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;

import dev.sessiongrid.autoconfigure.availability.SessiongridAvailabilityAutoConfiguration;
import dev.sessiongrid.autoconfigure.health.SessiongridHealthContributorAutoConfiguration;
import dev.sessiongrid.autoconfigure.health.SessiongridHealthIndicator;
import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.TestSessions;
import dev.sessiongrid.ignite.node.SessiongridNode;
import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.replication.SessionCopies;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application started with the starter heals itself: when Ignite's failure handler
 * stops its node, a fresh node joins in the same process, and the repository, the
 * replication monitor, health and readiness follow it; when no fresh node can start,
 * liveness is broken.
 */
class SelfHealingAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class,
				SessiongridSessionAutoConfiguration.class, SessionAutoConfiguration.class,
				SessiongridHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
				SessiongridAvailabilityAutoConfiguration.class))
		.withPropertyValues(TestPorts.AUTOCONFIGURE.properties("sessiongrid.backups=1",
				"sessiongrid.failover.rejoin-backoff=200ms"));

	/** A node of the same cluster outside the context: it holds copies meanwhile. */
	private Ignite other;

	@AfterEach
	void stopOther() {
		if (this.other != null) {
			this.other.close();
		}
	}

	@Test
	void contextCarriesOnWithAFreshNodeAfterItsNodeFailed() {
		this.other = SessiongridNodeFactory.start(TestPorts.AUTOCONFIGURE.settings());
		List<ReadinessState> readiness = new CopyOnWriteArrayList<>();
		this.contextRunner.withInitializer((context) -> context
			.addApplicationListener((ApplicationListener<AvailabilityChangeEvent<ReadinessState>>) (event) -> readiness
				.add(event.getState())))
			.run((context) -> {
				SessiongridNode node = context.getBean(SessiongridNode.class);
				assertThat(node.isHealing()).isTrue();
				assertThat(context.getBean(Ignite.class)).isSameAs(node.ignite());
				IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
				ReplicationMonitor monitor = context.getBean(ReplicationMonitor.class);
				SessiongridHealthIndicator health = context.getBean(SessiongridHealthIndicator.class);
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				// as Boot does once the application has started
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				await().atMost(TIMEOUT)
					.until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
							&& health.health().getStatus().equals(Status.UP));
				List<String> ids = TestSessions.write(repository, 100);
				Ignite failing = node.ignite();
				readiness.clear();

				// What Ignite does on a critical failure: its failure handler stops the
				// node.
				((IgniteEx) failing).context()
					.failure()
					.process(new FailureContext(FailureType.CRITICAL_ERROR,
							new IllegalStateException("simulated critical failure")));

				await().atMost(TIMEOUT).until(() -> node.ignite() != failing && !node.isReplacing());
				TestSessions.assertAllReadable(repository, ids);
				await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.UP));
				UUID fresh = node.ignite().cluster().localNode().id();
				assertThat(monitor.state().localNodeInCluster()).isTrue();
				assertThat(monitor.state().serverNodes()).isEqualTo(2);
				// the monitor reads the fresh node's view: it is one of the two holders
				// of some session
				assertThat(ids).anySatisfy((id) -> assertThat(holders(monitor.copiesOf(id))).contains(fresh));
				await().atMost(TIMEOUT)
					.until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(readiness).as("readiness while the node was replaced")
					.startsWith(ReadinessState.REFUSING_TRAFFIC);
				assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
			});
	}

	@Test
	void livenessIsBrokenWhenNoFreshNodeCanStart() {
		AtomicInteger starts = new AtomicInteger();
		this.contextRunner.withPropertyValues("sessiongrid.failover.rejoin-attempts=1")
			// the first node starts; every later start fails, as it would on a port
			// that stays taken
			.withBean(SessiongridIgniteConfigurationCustomizer.class, () -> (configuration) -> {
				if (starts.incrementAndGet() > 1) {
					throw new IllegalStateException("simulated start failure");
				}
			})
			.run((context) -> {
				SessiongridNode node = context.getBean(SessiongridNode.class);
				SessiongridHealthIndicator health = context.getBean(SessiongridHealthIndicator.class);
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				// a lone node cannot hold two copies: degraded, but in the cluster
				await().atMost(TIMEOUT)
					.until(() -> health.health().getStatus().equals(SessiongridHealthIndicator.DEGRADED));

				((IgniteEx) node.ignite()).context()
					.failure()
					.process(new FailureContext(FailureType.CRITICAL_ERROR,
							new IllegalStateException("simulated critical failure")));

				await().atMost(TIMEOUT).until(() -> availability.getLivenessState() == LivenessState.BROKEN);
				assertThat(starts.get()).isEqualTo(2);
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void applicationsOwnIgniteIsHeldWithoutHealing() {
		this.contextRunner
			.withBean("ignite", Ignite.class, () -> SessiongridNodeFactory.start(TestPorts.AUTOCONFIGURE.settings()))
			.run((context) -> {
				assertThat(context).hasSingleBean(SessiongridNode.class).doesNotHaveBean("sessiongridNode");
				SessiongridNode node = context.getBean(SessiongridNode.class);
				assertThat(node.isHealing()).isFalse();
				assertThat(node.ignite()).isSameAs(context.getBean(Ignite.class));
				assertThat(context.getBean(IgniteSessionRepository.class).getNode()).isSameAs(node);
			});
	}

	private static List<UUID> holders(SessionCopies copies) {
		return Stream.concat(Stream.ofNullable(copies.primary()), copies.backups().stream())
			.map(SessionCopies.Copy::nodeId)
			.filter(Objects::nonNull)
			.toList();
	}

}
