package dev.sessiongrid.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.ignite.Ignite;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.sessiongrid.autoconfigure.ReplicationMonitorConfiguration;
import dev.sessiongrid.ignite.metrics.SessiongridMetrics;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Auto-configuration of Sessiongrid's meters when Micrometer has a {@link MeterRegistry}:
 * a {@link SessiongridMetrics} binder, which Boot binds to the registry and which, once
 * bound, times the repository's operations and hears the replication monitor's failovers.
 */
@AutoConfiguration(afterName = { "dev.sessiongrid.autoconfigure.SessiongridIgniteAutoConfiguration",
		"dev.sessiongrid.autoconfigure.SessiongridSessionAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, Ignite.class })
@ConditionalOnSingleCandidate(IgniteSessionRepository.class)
@Import(ReplicationMonitorConfiguration.class)
public final class SessiongridMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessiongridMetrics sessiongridMetrics(IgniteSessionRepository repository, ReplicationMonitor monitor) {
		return new SessiongridMetrics(repository, monitor);
	}

}
