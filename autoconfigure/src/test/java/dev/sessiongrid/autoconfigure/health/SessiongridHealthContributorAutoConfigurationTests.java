package dev.sessiongrid.autoconfigure.health;

import java.time.Duration;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.sessiongrid.ignite.replication.ReplicationMonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessiongridHealthContributorAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SessiongridHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class))
		.withUserConfiguration(ObservedNodes.UserConfiguration.class);

	@Test
	void singleNodeWithoutBackupsIsUpWithDetails() {
		this.contextRunner.withPropertyValues(ObservedNodes.BACKUPS + "=0").run((context) -> {
			assertThat(context).hasSingleBean(ReplicationMonitor.class);
			SessiongridHealthIndicator indicator = context.getBean("sessiongridHealthIndicator",
					SessiongridHealthIndicator.class);
			await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.UP));
			assertThat(indicator.health().getDetails()).containsEntry("cache", ObservedNodes.CACHE)
				.containsEntry("nodes", 1)
				.containsEntry("backups", 0)
				.containsEntry("minCopies", 1)
				.containsEntry("underReplicatedPartitions", 0)
				.containsEntry("lostPartitions", 0)
				.containsEntry("rebalancingCopies", 0)
				.doesNotContainKey("reason");
		});
	}

	@Test
	void singleNodeWithOneBackupIsDegradedAndSaysWhy() {
		this.contextRunner.withPropertyValues(ObservedNodes.BACKUPS + "=1").run((context) -> {
			Health health = context.getBean(SessiongridHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(SessiongridHealthIndicator.DEGRADED);
			assertThat(health.getDetails()).containsEntry("nodes", 1)
				.containsEntry("backups", 1)
				.containsEntry("minCopies", 1)
				.containsEntry("reason", "1 node cannot hold 2 copies of each session");
		});
	}

	@Test
	void nodeStopOnThreeNodeClusterGoesFromUpToDegradedAndBack() {
		Duration delay = Duration.ofSeconds(3);
		try (ObservedNodes others = new ObservedNodes(delay)) {
			others.start();
			Ignite leaving = others.start();
			this.contextRunner.withPropertyValues(ObservedNodes.BACKUPS + "=1", ObservedNodes.REBUILD_DELAY + "=3")
				.run((context) -> {
					HealthIndicator indicator = context.getBean(SessiongridHealthIndicator.class);
					await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.UP));
					assertThat(indicator.health().getDetails()).containsEntry("nodes", 3).containsEntry("minCopies", 2);

					others.stop(leaving);

					await().atMost(TIMEOUT)
						.until(() -> indicator.health().getStatus().equals(SessiongridHealthIndicator.DEGRADED));
					Health degraded = indicator.health();
					assertThat(degraded.getDetails()).containsEntry("nodes", 2).containsKey("reason");
					assertThat((int) degraded.getDetails().get("underReplicatedPartitions")
							+ (int) degraded.getDetails().get("rebalancingCopies"))
						.isPositive();
					await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.UP));
					assertThat(indicator.health().getDetails()).containsEntry("nodes", 2)
						.containsEntry("minCopies", 2)
						.containsEntry("underReplicatedPartitions", 0);
				});
		}
	}

	@Test
	void nodeLostWithoutBackupsIsDown() {
		try (ObservedNodes others = new ObservedNodes(Duration.ZERO)) {
			Ignite leaving = others.start();
			this.contextRunner.withPropertyValues(ObservedNodes.BACKUPS + "=0").run((context) -> {
				HealthIndicator indicator = context.getBean(SessiongridHealthIndicator.class);
				await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.UP));

				others.stop(leaving);

				await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.DOWN));
				Health down = indicator.health();
				assertThat((int) down.getDetails().get("lostPartitions")).isPositive();
				assertThat(down.getDetails()).containsEntry("minCopies", 0);
				assertThat((String) down.getDetails().get("reason")).contains("lost every copy");
			});
		}
	}

	@Test
	void degradedRanksBetweenDownAndUpInTheOverallStatusAndAnswers200() {
		this.contextRunner.withPropertyValues(ObservedNodes.BACKUPS + "=1").run((context) -> {
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			assertThat(endpoint.healthForPath("sessiongrid").getStatus())
				.isEqualTo(SessiongridHealthIndicator.DEGRADED);
			// ping is UP: a degraded store makes the whole application DEGRADED, not UP,
			// not UNKNOWN
			assertThat(endpoint.health().getStatus()).isEqualTo(SessiongridHealthIndicator.DEGRADED);
			HttpCodeStatusMapper mapper = context.getBean(HttpCodeStatusMapper.class);
			assertThat(mapper.getStatusCode(SessiongridHealthIndicator.DEGRADED)).isEqualTo(200);
			assertThat(mapper.getStatusCode(Status.DOWN)).isEqualTo(503);
		});
	}

	@Test
	void statusOrderSetByTheApplicationIsKept() {
		this.contextRunner
			.withPropertyValues(ObservedNodes.BACKUPS + "=1", "management.endpoint.health.status.order=down,up")
			.run((context) -> {
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				assertThat(endpoint.healthForPath("sessiongrid").getStatus())
					.isEqualTo(SessiongridHealthIndicator.DEGRADED);
				// an order without DEGRADED ignores it: the application is UP
				assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void backsOffWhenTheIndicatorIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.sessiongrid.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SessiongridHealthIndicator.class)
				.doesNotHaveBean(ReplicationMonitor.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SessiongridHealthIndicator.class)
				.doesNotHaveBean(ReplicationMonitor.class));
	}

	@Test
	void backsOffWithoutSessionRepository() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridHealthContributorAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessiongridHealthIndicator.class)
				.doesNotHaveBean(ReplicationMonitor.class));
	}

	@Test
	void userDefinedIndicatorWins() {
		this.contextRunner
			.withBean("sessiongridHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(SessiongridHealthIndicator.class)
				.hasBean("sessiongridHealthIndicator"));
	}

}
