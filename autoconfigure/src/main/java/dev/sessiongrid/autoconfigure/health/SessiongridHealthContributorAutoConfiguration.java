package dev.sessiongrid.autoconfigure.health;

import java.util.List;

import org.apache.ignite.Ignite;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.sessiongrid.autoconfigure.ReplicationMonitorConfiguration;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Auto-configuration of the {@code sessiongrid} health contributor
 * ({@link SessiongridHealthIndicator}), turned off by
 * {@code management.health.sessiongrid.enabled=false}.
 * <p>
 * Boot aggregates only the statuses in its order
 * ({@code down, out-of-service, up, unknown} by default) and ignores the others, so a
 * custom {@code DEGRADED} would vanish from the overall status, or make it
 * {@code UNKNOWN} in a group of its own. Unless the application sets
 * {@code management.endpoint.health.status.order} or defines its own
 * {@link StatusAggregator}, the order used is
 * {@code down, out-of-service, degraded, up, unknown}: any {@code DOWN} wins,
 * {@code DEGRADED} beats {@code UP}. {@code DEGRADED} is answered with HTTP 200, as is
 * any status Boot has no mapping for.
 * <p>
 * That aggregator is an application-wide effect: the
 * {@code sessiongridHealthStatusAggregator} bean takes the place of Boot's default one,
 * and so orders the overall status and every health group without a status order of its
 * own (documented in docs/metrics.md, "Overall status").
 */
@AutoConfiguration(before = { HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class },
		afterName = { "dev.sessiongrid.autoconfigure.SessiongridIgniteAutoConfiguration",
				"dev.sessiongrid.autoconfigure.SessiongridSessionAutoConfiguration" })
@ConditionalOnClass(Health.class)
@ConditionalOnBean(Ignite.class)
@ConditionalOnSingleCandidate(IgniteSessionRepository.class)
@ConditionalOnEnabledHealthIndicator("sessiongrid")
@Import(ReplicationMonitorConfiguration.class)
public final class SessiongridHealthContributorAutoConfiguration {

	/**
	 * Boot's default status order with {@code DEGRADED} between {@code OUT_OF_SERVICE}
	 * and {@code UP}.
	 */
	static final List<String> STATUS_ORDER = List.of(Status.DOWN.getCode(), Status.OUT_OF_SERVICE.getCode(),
			SessiongridHealthIndicator.DEGRADED.getCode(), Status.UP.getCode(), Status.UNKNOWN.getCode());

	@Bean
	@ConditionalOnMissingBean(name = "sessiongridHealthIndicator")
	SessiongridHealthIndicator sessiongridHealthIndicator(ReplicationMonitor monitor) {
		return new SessiongridHealthIndicator(monitor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	@ConditionalOnAvailableEndpoint(HealthEndpoint.class)
	static class StatusOrderConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StatusAggregator sessiongridHealthStatusAggregator(Environment environment) {
			List<String> configured = Binder.get(environment)
				.bind("management.endpoint.health.status.order", Bindable.listOf(String.class))
				.orElse(List.of());
			return new SimpleStatusAggregator(configured.isEmpty() ? STATUS_ORDER : configured);
		}

	}

}
