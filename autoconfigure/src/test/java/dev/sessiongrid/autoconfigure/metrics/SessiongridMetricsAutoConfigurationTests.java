package dev.sessiongrid.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.autoconfigure.health.ObservedNodes;
import dev.sessiongrid.ignite.metrics.SessiongridMetrics;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

class SessiongridMetricsAutoConfigurationTests {

	private static final String[] METERS = { SessiongridMetrics.SESSIONS, SessiongridMetrics.CLUSTER_NODES,
			SessiongridMetrics.FAILOVERS, SessiongridMetrics.COPIES_MIN, SessiongridMetrics.UNDERREPLICATED_PARTITIONS,
			SessiongridMetrics.LOST_PARTITIONS, SessiongridMetrics.REBALANCE_REMAINING,
			SessiongridMetrics.FAILOVER_RECOVERY, SessiongridMetrics.OPERATIONS, SessiongridMetrics.SESSION_EVENTS,
			SessiongridMetrics.SESSION_SIZE };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SessiongridMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
						SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withUserConfiguration(ObservedNodes.UserConfiguration.class);

	@Test
	void everyMeterIsInTheRegistryTaggedWithTheCache() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SessiongridMetrics.class).hasSingleBean(ReplicationMonitor.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (String name : METERS) {
				assertThat(registry.find(name).tag("cache", ObservedNodes.CACHE).meters()).as(name).isNotEmpty();
			}
			assertThat(registry.get(SessiongridMetrics.CLUSTER_NODES).gauge().value()).isEqualTo(1);
			assertThat(registry.get(SessiongridMetrics.COPIES_MIN).gauge().value()).isEqualTo(1);
			assertThat(registry.get(SessiongridMetrics.FAILOVERS).counters()).hasSize(2);
		});
	}

	@Test
	void repositoryWorkIsRecorded() {
		this.contextRunner.run((context) -> {
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			IgniteSession session = repository.createSession();
			session.setAttribute("user", "alice");
			repository.save(session);
			repository.findById(session.getId());

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(SessiongridMetrics.OPERATIONS)
				.tags("operation", "save", "outcome", "success")
				.timer()
				.count()).isOne();
			assertThat(registry.get(SessiongridMetrics.OPERATIONS)
				.tags("operation", "find", "outcome", "success")
				.timer()
				.count()).isOne();
			assertThat(registry.get(SessiongridMetrics.SESSION_EVENTS).tag("type", "created").counter().count())
				.isOne();
			assertThat(registry.get(SessiongridMetrics.SESSIONS).tag("ownership", "primary").gauge().value()).isOne();
		});
	}

	@Test
	void userDefinedBinderAndMonitorWin() {
		this.contextRunner.withUserConfiguration(CustomMetricsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessiongridMetrics.class)
				.hasBean("customMetrics")
				.hasSingleBean(ReplicationMonitor.class)
				.hasBean("customMonitor");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(SessiongridMetrics.CLUSTER_NODES).tag("application", "custom").gauge().value())
				.isOne();
		});
	}

	@Test
	void backsOffWithoutMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridMetricsAutoConfiguration.class))
			.withUserConfiguration(ObservedNodes.UserConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(SessiongridMetrics.class)
				.doesNotHaveBean(ReplicationMonitor.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridMetricsAutoConfiguration.class))
			.withUserConfiguration(ObservedNodes.UserConfiguration.class)
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(SessiongridMetrics.class)
				.doesNotHaveBean(ReplicationMonitor.class));
	}

	@Test
	void backsOffWithoutSessionRepository() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SessiongridMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
							SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MeterRegistry.class)
				.doesNotHaveBean(SessiongridMetrics.class)
				.doesNotHaveBean(ReplicationMonitor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMetricsConfiguration {

		@Bean
		ReplicationMonitor customMonitor(Ignite ignite, IgniteSessionRepository repository) {
			return new ReplicationMonitor(ignite, repository.getSessionCache().getName(), 1);
		}

		@Bean
		SessiongridMetrics customMetrics(IgniteSessionRepository repository, ReplicationMonitor monitor) {
			return new SessiongridMetrics(repository, monitor, Tags.of("application", "custom"));
		}

	}

}
