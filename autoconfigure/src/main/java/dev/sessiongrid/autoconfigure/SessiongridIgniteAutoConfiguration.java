package dev.sessiongrid.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import dev.sessiongrid.ignite.node.NodeWarmUp;
import dev.sessiongrid.ignite.node.SessiongridNode;
import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.replication.GracefulLeaveLifecycle;
import dev.sessiongrid.ignite.replication.NodeReadiness;
import dev.sessiongrid.ignite.session.SessionCaches;

/**
 * Auto-configuration that starts the embedded Ignite server node, one per application
 * context, and stops it when the context closes. Backs off when the application defines
 * its own {@link Ignite} bean, which is then used for sessions instead; and when
 * {@code sessiongrid.enabled} is {@code false}.
 * <p>
 * The node also starts in a non-web application, where it holds its share of the sessions
 * of the other nodes without serving any.
 * <p>
 * A joining node makes every node of the cluster wait while it takes part in the
 * partition exchange of its join, so the join is kept cheap: the session caches are
 * declared in the node's configuration (they start with it), and the node's code runs
 * once in a throwaway loopback cluster before the real join
 * ({@code sessiongrid.node.warm-up}), so the exchange does not wait for class loading and
 * cold code.
 * <p>
 * The node heals: when it is segmented (e.g. after a pause longer than
 * {@code sessiongrid.failover.detection-timeout}) or stopped by its failure handler, a
 * fresh node is started in its place, up to {@code sessiongrid.failover.rejoin-attempts}
 * times; Sessiongrid's beans follow it through the {@link SessiongridNode} bean. An
 * application's own {@code Ignite} bean is never replaced.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass({ Ignite.class, SessiongridNodeFactory.class })
@ConditionalOnBooleanProperty(name = "sessiongrid.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SessiongridProperties.class)
public final class SessiongridIgniteAutoConfiguration {

	/**
	 * Phase in which the node leaves: after Boot's web server has finished the requests
	 * in flight (graceful shutdown,
	 * {@link WebServerGracefulShutdownLifecycle#SMART_LIFECYCLE_PHASE}) and then stopped
	 * (the phase below it, {@code SMART_LIFECYCLE_PHASE - 1024}, of a lifecycle Boot
	 * keeps package-private), with room to spare. A constant, compiled in, so a non-web
	 * application needs no web server classes.
	 */
	static final int GRACEFUL_LEAVE_PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 3072;

	/** The property the graceful leave's log names when its timeout passes. */
	private static final String GRACEFUL_TIMEOUT_PROPERTY = "sessiongrid.shutdown.graceful-timeout";

	/**
	 * Hands the node the application defined itself to Sessiongrid's beans: such a node
	 * is never replaced, so an application with its own {@link Ignite} bean does not heal
	 * itself after a segmentation.
	 * @param ignite the application's node
	 * @return a holder that never replaces it
	 */
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean(SessiongridNode.class)
	@ConditionalOnSingleCandidate(Ignite.class)
	SessiongridNode sessiongridApplicationNode(Ignite ignite) {
		return SessiongridNode.of(ignite);
	}

	/**
	 * Takes the node out of the cluster only once no partition has its only copy here,
	 * after the web server has stopped taking requests (a rolling restart loses nothing).
	 * Only for the node started here: an application's own {@code Ignite} bean leaves as
	 * that application decides. It leaves with whichever node the holder has then.
	 */
	@Bean
	@ConditionalOnBean(name = "sessiongridNode")
	@ConditionalOnMissingBean
	GracefulLeaveLifecycle sessiongridGracefulLeave(SessiongridNode sessiongridNode, SessiongridProperties properties,
			ObjectProvider<NodeReadiness> readiness) {
		// Every cache of the node, read when it leaves: the sessions, their principal
		// index, and any cache the application keeps in the same node.
		GracefulLeaveLifecycle leave = new GracefulLeaveLifecycle(sessiongridNode::ignite,
				() -> sessiongridNode.ignite().cacheNames(), properties.getShutdown().getGracefulTimeout(),
				GRACEFUL_TIMEOUT_PROPERTY, GRACEFUL_LEAVE_PHASE);
		// Readiness refuses traffic before the node leaves, also in an application
		// without a web server (whose context does not refuse on its own when it closes).
		leave.setBeforeLeave(() -> readiness.ifAvailable(NodeReadiness::leaving));
		return leave;
	}

	/**
	 * The node started here, held by a {@link SessiongridNode} that replaces it when it
	 * is segmented or stopped by its failure handler
	 * ({@code sessiongrid.failover.rejoin-*}), and the first node as the {@link Ignite}
	 * bean. Sessiongrid's own beans use the holder; an application that injects the
	 * {@code Ignite} bean keeps the first node, which stays stopped once replaced.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(Ignite.class)
	static class NodeConfiguration {

		/**
		 * Starts the node while the rest of the context starts, when its configuration
		 * needs no bean ({@link BackgroundNodeStart}).
		 */
		@Bean
		static BackgroundNodeStart sessiongridBackgroundNodeStart(Environment environment) {
			return new BackgroundNodeStart(environment, (properties) -> {
				SessiongridPropertiesValidator.validateNode(properties);
				SessiongridPropertiesValidator.validateRepository(properties);
				return starter(properties, nodeSettings(properties, null), Stream::empty, new AtomicBoolean(true));
			});
		}

		@Bean(destroyMethod = "close")
		SessiongridNode sessiongridNode(SessiongridProperties properties, ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<SessiongridIgniteConfigurationCustomizer> customizers,
				ObjectProvider<BackgroundNodeStart> backgroundStart) {
			SessiongridPropertiesValidator.validateNode(properties);
			// SessiongridNodeFactory.configuration checks the JVM's flags before it
			// touches any Ignite class.
			SessiongridNodeSettings settings = nodeSettings(properties, sslBundles.getIfAvailable());
			BackgroundNodeStart started = backgroundStart.getIfAvailable();
			Ignite first = (started != null) ? started.take() : null;
			Supplier<Ignite> starter = starter(properties, settings, customizers::orderedStream,
					new AtomicBoolean(first == null));
			SessiongridProperties.Failover failover = properties.getFailover();
			if (first == null) {
				return SessiongridNode.healing(starter, failover.getRejoinAttempts(), failover.getRejoinBackoff());
			}
			AtomicBoolean firstTaken = new AtomicBoolean();
			return SessiongridNode.healing(() -> firstTaken.getAndSet(true) ? starter.get() : first,
					failover.getRejoinAttempts(), failover.getRejoinBackoff());
		}

		/**
		 * Each start builds its configuration anew: Ignite does not let a fresh node
		 * reuse the SPI instances of the stopped one.
		 * @param first whether the next start is the first (the only one that warms up: a
		 * replacement runs while the application serves, its code is warm already)
		 */
		private static Supplier<Ignite> starter(SessiongridProperties properties, SessiongridNodeSettings settings,
				Supplier<Stream<SessiongridIgniteConfigurationCustomizer>> customizers, AtomicBoolean first) {
			return () -> {
				IgniteConfiguration configuration = SessiongridNodeFactory.configuration(settings);
				declareSessionCaches(configuration, properties);
				customizers.get().forEach((customizer) -> customizer.customize(configuration));
				if (first.getAndSet(false) && properties.getNode().isWarmUp()) {
					CacheConfiguration<?, ?>[] caches = configuration.getCacheConfiguration();
					NodeWarmUp.runIfJoining(settings, (caches != null) ? List.of(caches) : List.of());
				}
				return SessiongridNodeFactory.start(configuration, settings);
			};
		}

		/**
		 * The first node, for the application and for Ignite-based beans; closed by its
		 * holder.
		 */
		@Bean(destroyMethod = "")
		Ignite sessiongridIgnite(SessiongridNode sessiongridNode) {
			return sessiongridNode.ignite();
		}

	}

	/**
	 * Declares the session caches in the node's configuration, so that they start with
	 * the node, inside its join, instead of being created by the repository afterwards:
	 * each dynamic cache start is a partition exchange of its own that stops every node's
	 * writes while it runs (two per start of a first instance), and a joining node then
	 * has nothing left to start once it is in the cluster.
	 */
	private static void declareSessionCaches(IgniteConfiguration configuration, SessiongridProperties properties) {
		SessiongridPropertiesValidator.validateRepository(properties);
		CacheConfiguration<?, ?>[] declared = configuration.getCacheConfiguration();
		List<CacheConfiguration<?, ?>> caches = new ArrayList<>(
				(declared != null) ? Arrays.asList(declared) : List.of());
		caches.add(SessionCaches.sessions(properties.getCacheName(), properties.getBackups(),
				properties.getOnHeapCopiesPercent()));
		caches.add(SessionCaches.principalIndex(properties.getCacheName(), properties.getBackups()));
		configuration.setCacheConfiguration(caches.toArray(CacheConfiguration[]::new));
	}

	static SessiongridNodeSettings nodeSettings(SessiongridProperties properties, @Nullable SslBundles sslBundles) {
		SessiongridNodeSettings settings = new SessiongridNodeSettings();
		PropertyMapper map = PropertyMapper.get();
		SessiongridProperties.Node node = properties.getNode();
		map.from(node::getName).to(settings::setInstanceName);
		map.from(node::getLocalAddress).to(settings::setLocalAddress);
		map.from(node::getDiscoveryPort).to(settings::setDiscoveryPort);
		map.from(node::getCommunicationPort).to(settings::setCommunicationPort);
		map.from(node::getPortRange).to(settings::setPortRange);
		map.from(node::getMaxMemory).as(DataSize::toBytes).to(settings::setMaxMemory);
		SessiongridProperties.Discovery discovery = properties.getDiscovery();
		map.from(discovery::getAddresses).to(settings::setDiscoveryAddresses);
		map.from(discovery::getDnsName).to(settings::setDnsName);
		map.from(discovery::getMulticastGroup).to(settings::setMulticastGroup);
		map.from(properties.getFailover()::getDetectionTimeout).to(settings::setFailureDetectionTimeout);
		map.from(properties.getFailover()::getBackupRebuildDelay).to(settings::setBackupRebuildDelay);
		map.from(properties.getSsl()::getBundle)
			.as((name) -> sslContextFactory(name, sslBundles))
			.to(settings::setSslContextFactory);
		return settings;
	}

	/**
	 * The bundle's TLS for the node, following the bundle's reloads
	 * ({@code reload-on-update}) for new connections.
	 */
	private static SslBundleContextFactory sslContextFactory(String name, @Nullable SslBundles sslBundles) {
		SslBundleContextFactory factory = new SslBundleContextFactory(name, sslBundle(name, sslBundles));
		if (sslBundles != null) {
			sslBundles.addBundleUpdateHandler(name, factory::reload);
		}
		// made now, so a protocol or cipher the JVM lacks fails the start-up, not every
		// handshake
		factory.create();
		return factory;
	}

	private static SslBundle sslBundle(String name, @Nullable SslBundles sslBundles) {
		if (sslBundles == null) {
			throw new InvalidConfigurationPropertyValueException("sessiongrid.ssl.bundle", name,
					"No SslBundles bean is available to look the bundle up; keep Spring Boot's "
							+ "SslAutoConfiguration enabled or unset sessiongrid.ssl.bundle.");
		}
		try {
			return sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException("sessiongrid.ssl.bundle", name,
					"No SSL bundle named '" + name + "' is configured; define it under spring.ssl.bundle.jks." + name
							+ " or spring.ssl.bundle.pem." + name + ", with this node's key and the trusted "
							+ "certificates of the other nodes.");
		}
	}

}
