package dev.sessiongrid.autoconfigure.endpoint;

import org.apache.ignite.Ignite;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.sessiongrid.autoconfigure.ReplicationMonitorConfiguration;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Auto-configuration of the {@code sessiongrid} Actuator endpoint
 * ({@link SessiongridEndpoint}), when it is available: its access is not {@code none} and
 * it is exposed, e.g. by
 * {@code management.endpoints.web.exposure.include=health,sessiongrid}.
 */
@AutoConfiguration(afterName = { "dev.sessiongrid.autoconfigure.SessiongridIgniteAutoConfiguration",
		"dev.sessiongrid.autoconfigure.SessiongridSessionAutoConfiguration" })
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnAvailableEndpoint(SessiongridEndpoint.class)
@ConditionalOnBean(Ignite.class)
@ConditionalOnSingleCandidate(IgniteSessionRepository.class)
@Import(ReplicationMonitorConfiguration.class)
public final class SessiongridEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessiongridEndpoint sessiongridEndpoint(ReplicationMonitor monitor, IgniteSessionRepository repository) {
		return new SessiongridEndpoint(monitor, repository);
	}

}
