package dev.sessiongrid.autoconfigure;

import java.time.Duration;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.sessiongrid.autoconfigure.health.ObservedNodes;
import dev.sessiongrid.autoconfigure.health.SessiongridHealthContributorAutoConfiguration;
import dev.sessiongrid.autoconfigure.health.SessiongridHealthIndicator;
import dev.sessiongrid.ignite.replication.LostPartitionReset;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessiongridFailoverAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SessiongridFailoverAutoConfiguration.class,
				SessiongridHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class))
		.withUserConfiguration(ObservedNodes.UserConfiguration.class);

	@Test
	void resetsByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LostPartitionReset.class));
	}

	@Test
	void lossIsReportedDownForTheDelayThenReset() {
		try (ObservedNodes others = new ObservedNodes(Duration.ZERO)) {
			Ignite leaving = others.start();
			this.contextRunner
				.withPropertyValues(ObservedNodes.BACKUPS + "=0", "sessiongrid.failover.lost-partitions-reset-delay=3s")
				.run((context) -> {
					SessiongridHealthIndicator health = context.getBean(SessiongridHealthIndicator.class);
					IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
					await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.UP));

					others.stop(leaving);
					await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.DOWN));
					long downAt = System.nanoTime();
					await().atMost(TIMEOUT).until(() -> repository.getSessionCache().lostPartitions().isEmpty());

					assertThat(Duration.ofNanos(System.nanoTime() - downAt)).isGreaterThan(Duration.ofMillis(2500));
					// one node of a cluster with no backups: nothing under-replicated
					// once the loss is accepted
					await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.UP));
				});
		}
	}

	@Test
	void blockKeepsTheLossUntilAnOperatorResets() {
		try (ObservedNodes others = new ObservedNodes(Duration.ZERO)) {
			Ignite leaving = others.start();
			this.contextRunner
				.withPropertyValues(ObservedNodes.BACKUPS + "=0", "sessiongrid.failover.lost-partitions=block",
						"sessiongrid.failover.lost-partitions-reset-delay=1s")
				.run((context) -> {
					assertThat(context).doesNotHaveBean(LostPartitionReset.class);
					SessiongridHealthIndicator health = context.getBean(SessiongridHealthIndicator.class);
					IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
					await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.UP));

					others.stop(leaving);
					await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.DOWN));
					Thread.sleep(4000);

					assertThat(repository.getSessionCache().lostPartitions()).isNotEmpty();
					assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
				});
		}
	}

	@Test
	void refusesANegativeDelay() {
		this.contextRunner.withPropertyValues("sessiongrid.failover.lost-partitions-reset-delay=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sessiongrid.failover.lost-partitions-reset-delay"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("sessiongrid.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LostPartitionReset.class));
	}

}
