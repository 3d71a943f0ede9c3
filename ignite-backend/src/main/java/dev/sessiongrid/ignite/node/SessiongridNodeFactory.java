package dev.sessiongrid.ignite.node;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteSystemProperties;
import org.apache.ignite.Ignition;
import org.apache.ignite.ShutdownPolicy;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.TcpDiscoveryIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.multicast.TcpDiscoveryMulticastIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

/**
 * Turns {@link SessiongridNodeSettings} into an {@link IgniteConfiguration} and starts an
 * embedded server node.
 * <p>
 * Ignite's defaults that must not reach a web application unchanged, and the choice made
 * for each:
 * <ul>
 * <li>listening on every interface: discovery and communication bind to
 * {@code localAddress} (loopback by default);</li>
 * <li>thin-client/JDBC/ODBC port 10800 and the REST port 11211: both off, nothing listens
 * that sessions do not need;</li>
 * <li>multicast discovery: static addresses unless a multicast group is configured;</li>
 * <li>the update notifier (phone home), the ASCII banner and output to stdout: off,
 * everything goes to SLF4J;</li>
 * <li>a data region of 20% of RAM: capped at {@code maxMemory};</li>
 * <li>a failure handler that halts the JVM: the node stops itself, the web application
 * keeps running;</li>
 * <li>work directory under the current directory: under the system temporary
 * directory;</li>
 * <li>a JVM shutdown hook that stops the node on SIGTERM in parallel with the
 * application: off, the application stops the node after its web server (see
 * {@code GracefulLeaveLifecycle});</li>
 * <li>unbounded communication queues: bounded.</li>
 * </ul>
 * <p>
 * <b>JVM-wide effect.</b> Some of those choices are Ignite system properties, which no
 * configuration object carries and which apply to every Ignite node in the JVM, including
 * one the application starts itself. They are set once, when this class is loaded (before
 * it can create any node), and each only if the application has not set it already (e.g.
 * with {@code -D}): {@code IGNITE_UPDATE_NOTIFIER=false}, {@code IGNITE_NO_ASCII=true},
 * {@code IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED=true},
 * {@code IGNITE_NO_SHUTDOWN_HOOK=true}, {@code IGNITE_ATOMIC_DEFERRED_ACK_TIMEOUT=50},
 * {@code IGNITE_MARSHALLER_WHITELIST} (see {@link #NODE_CLASSES}),
 * {@code IGNITE_ENABLE_OBJECT_INPUT_FILTER_AUTOCONFIGURATION=false} and
 * {@code IGNITE_PAGE_LOCK_TRACKER_TYPE=-1}. See docs/configuration.md, "JVM-wide
 * settings", and docs/security-serialization.md.
 */
public final class SessiongridNodeFactory {

	/** Name of the data region that holds session data. */
	public static final String DATA_REGION = "sessiongrid";

	/**
	 * Class path resource listing the classes of Sessiongrid's own that nodes send each
	 * other: the default of {@code IGNITE_MARSHALLER_WHITELIST}, so that a node refuses
	 * any other class a message from another node names (besides Ignite's and the JDK
	 * classes Ignite lists), instead of instantiating whatever a foreign node sends.
	 */
	public static final String NODE_CLASSES = "META-INF/sessiongrid/node-classes.txt";

	private static final long MIN_INITIAL_MEMORY = 16L * 1024 * 1024;

	private static final int MESSAGE_QUEUE_LIMIT = 4096;

	private static final long METRICS_UPDATE_MILLIS = 200;

	static {
		applyJvmWideDefaults();
	}

	private SessiongridNodeFactory() {
	}

	/**
	 * Sets the Ignite system properties listed in the class description, where the
	 * application has not set them. Called once, from the static initializer.
	 */
	private static void applyJvmWideDefaults() {
		defaultSystemProperty(IgniteSystemProperties.IGNITE_UPDATE_NOTIFIER, "false");
		defaultSystemProperty(IgniteSystemProperties.IGNITE_NO_ASCII, "true");
		defaultSystemProperty(IgniteSystemProperties.IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED, "true");
		// Ignite's own shutdown hook would stop the node on SIGTERM at the same time as
		// the application's, before the web server has drained its requests and without
		// the graceful leave: the application stops the node.
		defaultSystemProperty(IgniteSystemProperties.IGNITE_NO_SHUTDOWN_HOOK, "true");
		// A primary holds each update until its backups acknowledge it, and backups batch
		// those acknowledgements for up to 500 ms. After a node fails, the cluster's
		// partition exchange waits for every such update, so with the default every
		// failover stalled all requests for half a second more (measured: the exchange's
		// "partition release" wait fell from 494 ms to under 100 ms with 50 ms).
		defaultSystemProperty(IgniteSystemProperties.IGNITE_ATOMIC_DEFERRED_ACK_TIMEOUT, "50");
		// Node-to-node messages may name only Ignite's classes, the JDK's it lists and
		// ours: a foreign node cannot make this one instantiate a gadget chain.
		defaultSystemProperty(IgniteSystemProperties.IGNITE_MARSHALLER_WHITELIST, NODE_CLASSES);
		// Ignite would also install its class filter as the JVM-wide serialization
		// filter, which then applies to every ObjectInputStream of the application (with
		// the list above, rejecting the application's own classes), and refuses to start
		// a node when the application has set jdk.serialFilter. Ignite's marshallers
		// apply the filter themselves; the JVM-wide one stays the application's.
		defaultSystemProperty(IgniteSystemProperties.IGNITE_ENABLE_OBJECT_INPUT_FILTER_AUTOCONFIGURATION, "false");
		// Ignite records every off-heap page lock in a per-thread log, for a diagnostic
		// dump of a hung persistent store. Sessions are kept in memory only; the log was
		// 40% of the samples of a save's page writes.
		defaultSystemProperty(IgniteSystemProperties.IGNITE_PAGE_LOCK_TRACKER_TYPE, "-1");
	}

	/**
	 * Builds the configuration of a server node from the settings.
	 * @param settings the node settings
	 * @return a new configuration, which the caller may customize further before
	 * {@link #start}
	 */
	public static IgniteConfiguration configuration(SessiongridNodeSettings settings) {
		// Before anything touches Ignite's classes: their static initializers fail
		// without the flags, naming one package and leaving the classes unusable for the
		// rest of the JVM's life.
		JvmOptionsCheck.verify();
		IgniteConfiguration config = new IgniteConfiguration();
		config.setIgniteInstanceName(instanceName(settings));
		config.setClientMode(false);
		config.setGridLogger(new Slf4jIgniteLogger());
		config.setWorkDirectory(workDirectory(settings));
		config.setPeerClassLoadingEnabled(false);
		config.setMetricsLogFrequency(0);
		config.setClientConnectorConfiguration(null);
		config.setConnectorConfiguration(null);
		config.setFailureHandler(new StopNodeFailureHandler());
		config.setShutdownPolicy(ShutdownPolicy.IMMEDIATE);
		config.setFailureDetectionTimeout(settings.getFailureDetectionTimeout().toMillis());
		// A killed node's sockets close at once, but its neighbour in the discovery ring
		// notices only when it next writes to it: at the latest after one metrics update
		// (Ignite's default: 2 s). Writing more often makes that the usual detection time
		// of a crash, at the cost of a few small messages a second.
		config.setMetricsUpdateFrequency(
				Math.max(100, Math.min(METRICS_UPDATE_MILLIS, settings.getFailureDetectionTimeout().toMillis() / 4)));
		config.setIncludeEventTypes(EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED,
				EventType.EVT_CACHE_REBALANCE_PART_DATA_LOST, EventType.EVT_NODE_SEGMENTED);
		config.setDataStorageConfiguration(dataStorage(settings));
		config.setDiscoverySpi(discovery(settings));
		config.setCommunicationSpi(communication(settings));
		if (settings.getSslContextFactory() != null) {
			config.setSslContextFactory(settings.getSslContextFactory());
		}
		return config;
	}

	/**
	 * Starts a server node from the settings.
	 * @param settings the node settings
	 * @return the started node
	 */
	public static Ignite start(SessiongridNodeSettings settings) {
		return start(configuration(settings), settings);
	}

	/**
	 * Starts a server node from a (possibly customized) configuration.
	 * @param config the configuration, usually from {@link #configuration}
	 * @param settings the settings it was made from, for the cluster-wide options applied
	 * after start
	 * @return the started node
	 * @throws TlsAdmissionException with TLS, when every node listening at the discovery
	 * addresses refuses this node's handshake (instead of starting a cluster of its own)
	 */
	public static Ignite start(IgniteConfiguration config, SessiongridNodeSettings settings) {
		JvmOptionsCheck.verify();
		TlsAdmissionCheck.verify(config);
		Ignite ignite = Ignition.start(config);
		try {
			// Baseline auto-adjust decides when lost backups are rebuilt and when a new
			// node takes data; a cluster-wide setting, which every node sets to its own
			// configured value.
			ignite.cluster().baselineAutoAdjustEnabled(true);
			ignite.cluster().baselineAutoAdjustTimeout(settings.getBackupRebuildDelay().toMillis());
		}
		catch (RuntimeException ex) {
			ignite.close();
			throw ex;
		}
		return ignite;
	}

	private static String instanceName(SessiongridNodeSettings settings) {
		String name = settings.getInstanceName();
		if (name != null && !name.isBlank()) {
			return name;
		}
		return "sessiongrid-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String workDirectory(SessiongridNodeSettings settings) {
		String dir = settings.getWorkDirectory();
		if (dir != null && !dir.isBlank()) {
			return dir;
		}
		String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
		return Path.of(System.getProperty("java.io.tmpdir"), "sessiongrid-" + user).toString();
	}

	private static DataStorageConfiguration dataStorage(SessiongridNodeSettings settings) {
		long max = settings.getMaxMemory();
		DataRegionConfiguration region = new DataRegionConfiguration().setName(DATA_REGION)
			.setPersistenceEnabled(false)
			.setMaxSize(max)
			.setInitialSize(Math.min(max, MIN_INITIAL_MEMORY))
			.setMetricsEnabled(true);
		return new DataStorageConfiguration().setDefaultDataRegionConfiguration(region)
			.setSystemDataRegionConfiguration(new SystemDataRegionConfiguration().setInitialSize(MIN_INITIAL_MEMORY)
				.setMaxSize(4 * MIN_INITIAL_MEMORY));
	}

	private static TcpDiscoverySpi discovery(SessiongridNodeSettings settings) {
		TcpDiscoverySpi spi = new TcpDiscoverySpi();
		spi.setLocalAddress(settings.getLocalAddress());
		spi.setLocalPort(settings.getDiscoveryPort());
		spi.setLocalPortRange(settings.getPortRange());
		spi.setIpFinder(ipFinder(settings));
		return spi;
	}

	static TcpDiscoveryIpFinder ipFinder(SessiongridNodeSettings settings) {
		String dnsName = settings.getDnsName();
		if (dnsName != null && !dnsName.isBlank()) {
			return new DnsDiscoveryIpFinder(dnsName, settings.getDiscoveryPort(), settings.getPortRange());
		}
		String group = settings.getMulticastGroup();
		if (group != null && !group.isBlank()) {
			TcpDiscoveryMulticastIpFinder multicast = new TcpDiscoveryMulticastIpFinder();
			multicast.setMulticastGroup(group);
			multicast.setLocalAddress(settings.getLocalAddress());
			multicast.setAddresses(settings.getDiscoveryAddresses());
			return multicast;
		}
		return new TcpDiscoveryVmIpFinder().setAddresses(List.copyOf(settings.getDiscoveryAddresses()));
	}

	private static TcpCommunicationSpi communication(SessiongridNodeSettings settings) {
		TcpCommunicationSpi spi = new TcpCommunicationSpi();
		spi.setLocalAddress(settings.getLocalAddress());
		spi.setLocalPort(settings.getCommunicationPort());
		spi.setLocalPortRange(settings.getPortRange());
		// Ignite's default of no limit lets a slow node's inbound queue grow until the
		// heap runs out.
		spi.setMessageQueueLimit(MESSAGE_QUEUE_LIMIT);
		return spi;
	}

	private static void defaultSystemProperty(String name, String value) {
		if (System.getProperty(name) == null) {
			System.setProperty(name, value);
		}
	}

}
