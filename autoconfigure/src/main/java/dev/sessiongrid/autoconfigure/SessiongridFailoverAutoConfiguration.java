package dev.sessiongrid.autoconfigure;

import org.apache.ignite.Ignite;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.sessiongrid.ignite.replication.LostPartitionReset;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Auto-configuration of what the session store does after a failure on its own: with
 * {@code sessiongrid.failover.lost-partitions=reset} (the default), a
 * {@link LostPartitionReset} that accepts a loss of sessions once it has been reported
 * for {@code sessiongrid.failover.lost-partitions-reset-delay}. With {@code block}
 * nothing is reset until an operator does (docs/operations.md).
 */
@AutoConfiguration(afterName = { "dev.sessiongrid.autoconfigure.SessiongridIgniteAutoConfiguration",
		"dev.sessiongrid.autoconfigure.SessiongridSessionAutoConfiguration" })
@ConditionalOnClass(IgniteSessionRepository.class)
@ConditionalOnBean(Ignite.class)
@ConditionalOnSingleCandidate(IgniteSessionRepository.class)
@ConditionalOnBooleanProperty(name = "sessiongrid.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SessiongridProperties.class)
@Import(ReplicationMonitorConfiguration.class)
public final class SessiongridFailoverAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "sessiongrid.failover.lost-partitions", havingValue = "reset", matchIfMissing = true)
	LostPartitionReset sessiongridLostPartitionReset(ReplicationMonitor monitor, IgniteSessionRepository repository,
			SessiongridProperties properties) {
		SessiongridPropertiesValidator.validateLostPartitionReset(properties);
		LostPartitionReset reset = new LostPartitionReset(monitor, repository::resetLostPartitions,
				properties.getFailover().getLostPartitionsResetDelay());
		reset.start();
		return reset;
	}

}
