package dev.sessiongrid.autoconfigure;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.configuration.CacheConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * The {@link ReplicationMonitor} of the session repository's cache, one per context and
 * closed with it. Imported by the metrics, health and endpoint auto-configurations rather
 * than auto-configured on its own, so that it exists only when one of them needs it.
 * <p>
 * It watches the node that holds the repository's cache (not whichever {@link Ignite}
 * bean there is) with the number of backups the cache really has: the cluster keeps the
 * configuration of the node that created it first. It follows that node's replacements
 * through the repository's {@link dev.sessiongrid.ignite.node.SessiongridNode}.
 * <p>
 * Not an extension point: public only because configurations in the {@code metrics},
 * {@code health} and {@code endpoint} packages import it.
 */
@Configuration(proxyBeanMethods = false)
public final class ReplicationMonitorConfiguration {

	ReplicationMonitorConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ReplicationMonitor sessiongridReplicationMonitor(IgniteSessionRepository repository) {
		IgniteCache<?, ?> cache = repository.getSessionCache();
		@SuppressWarnings("unchecked")
		CacheConfiguration<?, ?> configuration = cache.getConfiguration(CacheConfiguration.class);
		return new ReplicationMonitor(repository.getNode(), cache.getName(), configuration.getBackups());
	}

}
