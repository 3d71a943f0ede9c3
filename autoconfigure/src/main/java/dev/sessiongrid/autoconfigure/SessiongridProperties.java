package dev.sessiongrid.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.util.unit.DataSize;

import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.replication.LostPartitionPolicy;
import dev.sessiongrid.ignite.session.DeserializationFilter;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionCaches;
import dev.sessiongrid.ignite.session.UnreadableAttributePolicy;

/**
 * Configuration properties of Sessiongrid, bound to the {@code sessiongrid} prefix.
 * Defaults are the secure, single-machine ones: the node listens on loopback only and
 * looks for its neighbours on the loopback ports next to its own, so several instances on
 * one machine form a cluster with no configuration.
 * <p>
 * Longer than most classes here on purpose: it is the one place a reader finds every
 * property, each a field with its Javadoc (which the configuration processor turns into
 * the IDE's help) and its accessors; splitting it would only scatter that list.
 */
@ConfigurationProperties("sessiongrid")
public class SessiongridProperties {

	/** Default name of the cache that holds the sessions. */
	public static final String DEFAULT_CACHE_NAME = "sessiongrid-sessions";

	/**
	 * Whether to start the embedded node and keep HTTP sessions in it.
	 */
	private boolean enabled = true;

	/**
	 * Name of the Ignite cache that holds the sessions, shared by every node of the
	 * cluster.
	 */
	private String cacheName = DEFAULT_CACHE_NAME;

	/**
	 * Number of backup copies kept of each session on other nodes, in addition to its
	 * primary copy.
	 */
	private int backups = 1;

	/**
	 * When session changes are written to the grid: on-save (end of the request) or
	 * immediate (every change).
	 */
	private FlushMode flushMode = FlushMode.ON_SAVE;

	/**
	 * Which attributes a save writes: on-set-attribute (those set), on-get-attribute
	 * (also those read) or always (all).
	 */
	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	/**
	 * Largest serialized size of one session; a save of a larger session fails with an
	 * error naming its largest attribute.
	 */
	private DataSize maxSessionSize = DataSize.ofMegabytes(4);

	/**
	 * What a read does with an attribute that can no longer be deserialized: skip (reads
	 * as null, bytes kept), remove (dropped on the next save) or fail (throws).
	 */
	private UnreadableAttributePolicy unreadableAttribute = UnreadableAttributePolicy.SKIP;

	/**
	 * How far behind a session's stored last access may stay before a request that only
	 * touches it writes; the session may expire that much early, and at most 5% of its
	 * timeout early (0s writes every request).
	 */
	private Duration touchInterval = IgniteSessionRepository.DEFAULT_TOUCH_INTERVAL;

	/**
	 * Share of the heap, in percent (0 to 50), the on-heap copies of the sessions this
	 * node read or wrote last may take; 0 keeps sessions off-heap only, for the least
	 * memory per session at a slower read.
	 */
	private int onHeapCopiesPercent = SessionCaches.ON_HEAP_PERCENT;

	/**
	 * How attribute values are stored: jdk (Java serialization) or json (Jackson 3,
	 * independent of serialVersionUID); a bean of type AttributeSerializer replaces both.
	 */
	private Serializer serializer = Serializer.JDK;

	private final Serialization serialization = new Serialization();

	private final Node node = new Node();

	private final Discovery discovery = new Discovery();

	private final Failover failover = new Failover();

	private final Shutdown shutdown = new Shutdown();

	private final Ssl ssl = new Ssl();

	public int getOnHeapCopiesPercent() {
		return this.onHeapCopiesPercent;
	}

	public void setOnHeapCopiesPercent(int onHeapCopiesPercent) {
		this.onHeapCopiesPercent = onHeapCopiesPercent;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getCacheName() {
		return this.cacheName;
	}

	public void setCacheName(String cacheName) {
		this.cacheName = cacheName;
	}

	public int getBackups() {
		return this.backups;
	}

	public void setBackups(int backups) {
		this.backups = backups;
	}

	public FlushMode getFlushMode() {
		return this.flushMode;
	}

	public void setFlushMode(FlushMode flushMode) {
		this.flushMode = flushMode;
	}

	public SaveMode getSaveMode() {
		return this.saveMode;
	}

	public void setSaveMode(SaveMode saveMode) {
		this.saveMode = saveMode;
	}

	public DataSize getMaxSessionSize() {
		return this.maxSessionSize;
	}

	public void setMaxSessionSize(DataSize maxSessionSize) {
		this.maxSessionSize = maxSessionSize;
	}

	public UnreadableAttributePolicy getUnreadableAttribute() {
		return this.unreadableAttribute;
	}

	public void setUnreadableAttribute(UnreadableAttributePolicy unreadableAttribute) {
		this.unreadableAttribute = unreadableAttribute;
	}

	public Duration getTouchInterval() {
		return this.touchInterval;
	}

	public void setTouchInterval(Duration touchInterval) {
		this.touchInterval = touchInterval;
	}

	public Serializer getSerializer() {
		return this.serializer;
	}

	public void setSerializer(Serializer serializer) {
		this.serializer = serializer;
	}

	public Serialization getSerialization() {
		return this.serialization;
	}

	public Node getNode() {
		return this.node;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	public Failover getFailover() {
		return this.failover;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * How session attribute values are stored.
	 */
	public enum Serializer {

		/**
		 * Java serialization, as Spring Session's other stores use.
		 */
		JDK,

		/**
		 * JSON with Jackson 3, which must be on the class path.
		 */
		JSON

	}

	/**
	 * What reading an attribute value may instantiate, and how much of it: the
	 * deserialization filter of both serializers.
	 */
	public static class Serialization {

		/**
		 * Classes that attribute reads may instantiate besides the defaults and the
		 * application's packages, as class names (com.example.Cart,
		 * com.example.Outer$Inner).
		 */
		private List<String> allowedClasses = new ArrayList<>();

		/**
		 * Packages whose classes attribute reads may instantiate besides the defaults and
		 * the application's packages: com.example.* (one package), com.example.** (and
		 * its subpackages) or com.example.Outer$* (nested classes).
		 */
		private List<String> allowedPatterns = new ArrayList<>();

		/**
		 * Deepest nesting of objects in one attribute value that a read accepts.
		 */
		private int maxDepth = DeserializationFilter.DEFAULT_MAX_DEPTH;

		/**
		 * Largest stored size of one attribute value that a read accepts, also the
		 * longest array it may allocate.
		 */
		private DataSize maxSize = DataSize.ofBytes(DeserializationFilter.DEFAULT_MAX_BYTES);

		public List<String> getAllowedClasses() {
			return this.allowedClasses;
		}

		public void setAllowedClasses(List<String> allowedClasses) {
			this.allowedClasses = allowedClasses;
		}

		public List<String> getAllowedPatterns() {
			return this.allowedPatterns;
		}

		public void setAllowedPatterns(List<String> allowedPatterns) {
			this.allowedPatterns = allowedPatterns;
		}

		public int getMaxDepth() {
			return this.maxDepth;
		}

		public void setMaxDepth(int maxDepth) {
			this.maxDepth = maxDepth;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * The embedded node: its name, where it listens and how much memory it may take.
	 */
	public static class Node {

		/**
		 * Ignite instance name of the node; a unique name is generated for each
		 * application context when unset.
		 */
		private @Nullable String name;

		/**
		 * Address the node listens on and advertises to the others; loopback keeps the
		 * cluster on this machine.
		 */
		private String localAddress = SessiongridNodeSettings.DEFAULT_LOCAL_ADDRESS;

		/**
		 * First port tried for discovery, the protocol nodes use to find each other and
		 * agree on membership.
		 */
		private int discoveryPort = SessiongridNodeSettings.DEFAULT_DISCOVERY_PORT;

		/**
		 * First port tried for communication, the protocol that carries session data
		 * between nodes.
		 */
		private int communicationPort = SessiongridNodeSettings.DEFAULT_COMMUNICATION_PORT;

		/**
		 * Number of ports tried from the discovery and from the communication port on, so
		 * several nodes can run on one machine.
		 */
		private int portRange = SessiongridNodeSettings.DEFAULT_PORT_RANGE;

		/**
		 * Cap on the off-heap memory the node uses for session data; at least 10MB.
		 */
		private DataSize maxMemory = DataSize.ofBytes(SessiongridNodeSettings.DEFAULT_MAX_MEMORY);

		/**
		 * Whether to run the node's start and join once in a throwaway cluster on
		 * loopback before joining members, so the other nodes do not wait for a cold JVM
		 * while it joins; a lone node starts without it.
		 */
		private boolean warmUp = true;

		/**
		 * How long the session store's request path runs on a throwaway node of this JVM
		 * (three, forming a cluster of their own, when sessions have backups) after
		 * start-up, while readiness refuses traffic, so that the first requests do not
		 * meet cold code; 0 to take traffic at once.
		 */
		private Duration hotPathWarmUp = Duration.ofSeconds(10);

		/**
		 * Whether the node starts on a thread of its own while the rest of the context
		 * starts (not with an SSL bundle, a configuration customizer bean or lazy
		 * initialization), the beans that use it waiting for it.
		 */
		private boolean backgroundStart = true;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public boolean isWarmUp() {
			return this.warmUp;
		}

		public void setWarmUp(boolean warmUp) {
			this.warmUp = warmUp;
		}

		public boolean isBackgroundStart() {
			return this.backgroundStart;
		}

		public void setBackgroundStart(boolean backgroundStart) {
			this.backgroundStart = backgroundStart;
		}

		public Duration getHotPathWarmUp() {
			return this.hotPathWarmUp;
		}

		public void setHotPathWarmUp(Duration hotPathWarmUp) {
			this.hotPathWarmUp = hotPathWarmUp;
		}

		public String getLocalAddress() {
			return this.localAddress;
		}

		public void setLocalAddress(String localAddress) {
			this.localAddress = localAddress;
		}

		public int getDiscoveryPort() {
			return this.discoveryPort;
		}

		public void setDiscoveryPort(int discoveryPort) {
			this.discoveryPort = discoveryPort;
		}

		public int getCommunicationPort() {
			return this.communicationPort;
		}

		public void setCommunicationPort(int communicationPort) {
			this.communicationPort = communicationPort;
		}

		public int getPortRange() {
			return this.portRange;
		}

		public void setPortRange(int portRange) {
			this.portRange = portRange;
		}

		public DataSize getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(DataSize maxMemory) {
			this.maxMemory = maxMemory;
		}

	}

	/**
	 * How a node finds the others: static addresses (the default), a DNS name, or
	 * multicast.
	 */
	public static class Discovery {

		/**
		 * Discovery addresses of the other nodes, each host, host:port or
		 * host:port..port; used unless dns-name is set.
		 */
		private List<String> addresses = new ArrayList<>(SessiongridNodeSettings.DEFAULT_DISCOVERY_ADDRESSES);

		/**
		 * DNS name resolved on every discovery round to find the other nodes, e.g. a
		 * Kubernetes headless service.
		 */
		private @Nullable String dnsName;

		/**
		 * Multicast group used to find the other nodes in addition to the static
		 * addresses; off unless set.
		 */
		private @Nullable String multicastGroup;

		public List<String> getAddresses() {
			return this.addresses;
		}

		public void setAddresses(List<String> addresses) {
			this.addresses = addresses;
		}

		public @Nullable String getDnsName() {
			return this.dnsName;
		}

		public void setDnsName(@Nullable String dnsName) {
			this.dnsName = dnsName;
		}

		public @Nullable String getMulticastGroup() {
			return this.multicastGroup;
		}

		public void setMulticastGroup(@Nullable String multicastGroup) {
			this.multicastGroup = multicastGroup;
		}

	}

	/**
	 * What happens when a node disappears.
	 */
	public static class Failover {

		/**
		 * Silence tolerated from a node before it is declared failed and its backups take
		 * over.
		 */
		private Duration detectionTimeout = SessiongridNodeSettings.DEFAULT_FAILURE_DETECTION_TIMEOUT;

		/**
		 * Wait after a node leaves or joins before lost backups are re-created or data
		 * moves to the new node.
		 */
		private Duration backupRebuildDelay = SessiongridNodeSettings.DEFAULT_BACKUP_REBUILD_DELAY;

		/**
		 * What happens to sessions whose every copy was lost: reset (after the delay they
		 * read as absent, so their users start new sessions) or block (they fail until an
		 * operator resets the lost partitions).
		 */
		private LostPartitionPolicy lostPartitions = LostPartitionPolicy.RESET;

		/**
		 * How long a loss is reported, with health down and the lost sessions failing,
		 * before the reset policy accepts it.
		 */
		private Duration lostPartitionsResetDelay = Duration.ofSeconds(10);

		/**
		 * Number of times a fresh node is started after the node was segmented or stopped
		 * by its failure handler, before liveness is declared broken.
		 */
		private int rejoinAttempts = 5;

		/**
		 * Wait before the first start of a fresh node, doubled before each further
		 * attempt.
		 */
		private Duration rejoinBackoff = Duration.ofSeconds(1);

		public Duration getDetectionTimeout() {
			return this.detectionTimeout;
		}

		public void setDetectionTimeout(Duration detectionTimeout) {
			this.detectionTimeout = detectionTimeout;
		}

		public Duration getBackupRebuildDelay() {
			return this.backupRebuildDelay;
		}

		public void setBackupRebuildDelay(Duration backupRebuildDelay) {
			this.backupRebuildDelay = backupRebuildDelay;
		}

		public LostPartitionPolicy getLostPartitions() {
			return this.lostPartitions;
		}

		public void setLostPartitions(LostPartitionPolicy lostPartitions) {
			this.lostPartitions = lostPartitions;
		}

		public Duration getLostPartitionsResetDelay() {
			return this.lostPartitionsResetDelay;
		}

		public void setLostPartitionsResetDelay(Duration lostPartitionsResetDelay) {
			this.lostPartitionsResetDelay = lostPartitionsResetDelay;
		}

		public int getRejoinAttempts() {
			return this.rejoinAttempts;
		}

		public void setRejoinAttempts(int rejoinAttempts) {
			this.rejoinAttempts = rejoinAttempts;
		}

		public Duration getRejoinBackoff() {
			return this.rejoinBackoff;
		}

		public void setRejoinBackoff(Duration rejoinBackoff) {
			this.rejoinBackoff = rejoinBackoff;
		}

	}

	/**
	 * How a node leaves the cluster when the application stops.
	 */
	public static class Shutdown {

		/**
		 * Longest time a leaving node waits for its sessions to have copies on other
		 * nodes.
		 */
		private Duration gracefulTimeout = Duration.ofSeconds(30);

		public Duration getGracefulTimeout() {
			return this.gracefulTimeout;
		}

		public void setGracefulTimeout(Duration gracefulTimeout) {
			this.gracefulTimeout = gracefulTimeout;
		}

	}

	/**
	 * Transport security between nodes.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) used for mutual TLS
		 * between nodes; plain TCP when unset.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}
