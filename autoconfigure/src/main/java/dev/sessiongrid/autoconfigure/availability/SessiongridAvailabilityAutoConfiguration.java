package dev.sessiongrid.autoconfigure.availability;

import org.apache.ignite.Ignite;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.sessiongrid.autoconfigure.ReplicationMonitorConfiguration;
import dev.sessiongrid.autoconfigure.SessiongridProperties;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.replication.NodeReadiness;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Auto-configuration of Boot's availability states from the node
 * ({@link SessiongridAvailability}): readiness refuses traffic until the node has joined
 * and holds its share of the sessions, and while it leaves (the graceful leave says so
 * first), and again while a segmented or failed node is replaced; liveness is broken when
 * no fresh node could join. Exposed as probes by
 * {@code management.endpoint.health.probes.enabled=true}, see docs/operations.md.
 * Readiness also waits for the warm-up of the session path ({@link HotPathWarmUp}).
 */
@AutoConfiguration(after = ApplicationAvailabilityAutoConfiguration.class,
		afterName = { "dev.sessiongrid.autoconfigure.SessiongridIgniteAutoConfiguration",
				"dev.sessiongrid.autoconfigure.SessiongridSessionAutoConfiguration" })
@ConditionalOnBean(Ignite.class)
@ConditionalOnSingleCandidate(IgniteSessionRepository.class)
@ConditionalOnBooleanProperty(name = "sessiongrid.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SessiongridProperties.class)
@Import(ReplicationMonitorConfiguration.class)
public final class SessiongridAvailabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessiongridAvailability sessiongridAvailability(ApplicationEventPublisher publisher,
			ObjectProvider<ApplicationAvailability> availability) {
		return new SessiongridAvailability(publisher, availability);
	}

	/**
	 * The warm-up of the session path, holding readiness back while it runs; it does
	 * nothing with {@code sessiongrid.node.hot-path-warm-up=0s}. Its throwaway node is
	 * alone on loopback and exchanges nothing with another node, so it needs neither the
	 * real node's addresses nor its TLS: only the settings that shape a lone node's code.
	 */
	@Bean
	@ConditionalOnMissingBean
	HotPathWarmUp sessiongridHotPathWarmUp(SessiongridProperties properties, IgniteSessionRepository repository,
			SessiongridAvailability availability) {
		SessiongridNodeSettings settings = new SessiongridNodeSettings();
		settings.setFailureDetectionTimeout(properties.getFailover().getDetectionTimeout());
		return new HotPathWarmUp(settings, repository, properties.getNode().getHotPathWarmUp(), availability);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	NodeReadiness sessiongridNodeReadiness(ReplicationMonitor monitor, SessiongridAvailability availability,
			IgniteSessionRepository repository) {
		NodeReadiness readiness = new NodeReadiness(monitor, availability);
		// After the monitor, which listens to the holder from its creation on: a fresh
		// node is read by the monitor before readiness waits for its share.
		readiness.follow(repository.getNode());
		readiness.start();
		return readiness;
	}

}
