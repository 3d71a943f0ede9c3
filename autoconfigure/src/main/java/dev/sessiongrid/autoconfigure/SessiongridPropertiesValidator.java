package dev.sessiongrid.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.sessiongrid.ignite.session.AllowedClasses;
import dev.sessiongrid.ignite.session.SessionCaches;

/**
 * Checks {@link SessiongridProperties} before anything starts, so that a wrong value
 * fails the application at start-up with the property's name, its value, where it came
 * from and what is allowed, instead of a message from deep inside Ignite. Boot's own
 * failure analyzer reports {@link InvalidConfigurationPropertyValueException}.
 */
final class SessiongridPropertiesValidator {

	/** Ignite refuses data regions smaller than this. */
	static final DataSize MIN_MAX_MEMORY = DataSize.ofMegabytes(10);

	/**
	 * Shortest detection timeout accepted: below it a garbage-collection pause or a busy
	 * machine's scheduling delay takes healthy nodes out of the cluster.
	 */
	static final Duration MIN_DETECTION_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * Most backups accepted: every save waits for every copy, so more is a typo rather
	 * than a plan.
	 */
	static final int MAX_BACKUPS = 10;

	private static final int MAX_PORT = 65535;

	/** host, host:port or host:port..port; host may be a bracketed IPv6 literal. */
	private static final Pattern ADDRESS = Pattern
		.compile("(?<host>\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+)(:(?<from>\\d{1,5})(\\.\\.(?<to>\\d{1,5}))?)?");

	private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\\.?");

	private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private SessiongridPropertiesValidator() {
	}

	/**
	 * Checks the properties that shape the embedded node.
	 * @param properties the bound properties
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	static void validateNode(SessiongridProperties properties) {
		SessiongridProperties.Node node = properties.getNode();
		if (node.getName() != null && node.getName().isBlank()) {
			throw invalid("sessiongrid.node.name", node.getName(),
					"Node name must not be blank; leave it unset to get a unique generated name.");
		}
		requireText("sessiongrid.node.local-address", node.getLocalAddress(),
				"an IP address or host name of this machine, e.g. 127.0.0.1 (the default) or 0.0.0.0 for all");
		if (node.getPortRange() < 0) {
			throw invalid("sessiongrid.node.port-range", node.getPortRange(),
					"Port range must be 0 or more: the number of ports tried from each configured port on (0 or 1 = only that port).");
		}
		checkPort("sessiongrid.node.discovery-port", node.getDiscoveryPort(), node.getPortRange());
		checkPort("sessiongrid.node.communication-port", node.getCommunicationPort(), node.getPortRange());
		checkPortsApart(node);
		DataSize maxMemory = node.getMaxMemory();
		if (maxMemory == null || maxMemory.compareTo(MIN_MAX_MEMORY) < 0) {
			throw invalid("sessiongrid.node.max-memory", maxMemory,
					"Max memory must be at least 10MB (Ignite's smallest data region), e.g. 256MB.");
		}
		requireNotNegative("sessiongrid.node.hot-path-warm-up", node.getHotPathWarmUp(),
				"0s takes traffic at once, without warming the session path up");
		validateDiscovery(properties.getDiscovery());
		SessiongridProperties.Failover failover = properties.getFailover();
		if (failover.getDetectionTimeout() == null
				|| failover.getDetectionTimeout().compareTo(MIN_DETECTION_TIMEOUT) < 0) {
			throw invalid("sessiongrid.failover.detection-timeout", failover.getDetectionTimeout(),
					"Detection timeout must be at least 1s (e.g. 5s, the default): a shorter one declares healthy "
							+ "nodes failed on every garbage-collection pause.");
		}
		requireNotNegative("sessiongrid.failover.backup-rebuild-delay", failover.getBackupRebuildDelay(),
				"0s rebuilds at once");
		if (failover.getRejoinAttempts() < 1) {
			throw invalid("sessiongrid.failover.rejoin-attempts", failover.getRejoinAttempts(),
					"Rejoin attempts must be 1 or more: how many fresh nodes are tried after a segmentation "
							+ "before liveness is broken.");
		}
		requireNotNegative("sessiongrid.failover.rejoin-backoff", failover.getRejoinBackoff(),
				"0s tries again at once");
		requireNotNegative("sessiongrid.shutdown.graceful-timeout", properties.getShutdown().getGracefulTimeout(),
				"0s leaves at once");
		String bundle = properties.getSsl().getBundle();
		if (bundle != null && bundle.isBlank()) {
			throw invalid("sessiongrid.ssl.bundle", bundle,
					"SSL bundle name must not be blank; name a bundle configured under spring.ssl.bundle.*, "
							+ "or leave it unset for plain TCP between nodes.");
		}
	}

	/**
	 * Checks the properties that shape the session repository.
	 * @param properties the bound properties
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	static void validateRepository(SessiongridProperties properties) {
		requireText("sessiongrid.cache-name", properties.getCacheName(), "a cache name, e.g. sessiongrid-sessions");
		if (properties.getBackups() < 0 || properties.getBackups() > MAX_BACKUPS) {
			throw invalid("sessiongrid.backups", properties.getBackups(),
					"Backups must be 0 to " + MAX_BACKUPS + ": the number of extra copies of each session on other "
							+ "nodes (0 = a node failure loses its sessions, 1 = the default); every save waits "
							+ "for every copy.");
		}
		DataSize maxSessionSize = properties.getMaxSessionSize();
		if (maxSessionSize == null || maxSessionSize.toBytes() <= 0) {
			throw invalid("sessiongrid.max-session-size", maxSessionSize,
					"Max session size must be positive, e.g. 4MB.");
		}
		requireNotNegative("sessiongrid.touch-interval", properties.getTouchInterval(),
				"0s writes the access time of every request");
		int onHeap = properties.getOnHeapCopiesPercent();
		if (onHeap < 0 || onHeap > SessionCaches.MAX_ON_HEAP_PERCENT) {
			throw invalid("sessiongrid.on-heap-copies-percent", onHeap,
					"The on-heap copies' share of the heap must be 0 to " + SessionCaches.MAX_ON_HEAP_PERCENT
							+ " percent (0 keeps sessions off-heap only).");
		}
	}

	/**
	 * Checks the properties of attribute serialization.
	 * @param properties the bound properties
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	static void validateSerialization(SessiongridProperties properties) {
		if (properties.getSerializer() == null) {
			throw invalid("sessiongrid.serializer", null, "Serializer must be jdk or json.");
		}
		SessiongridProperties.Serialization serialization = properties.getSerialization();
		List<String> classes = serialization.getAllowedClasses();
		for (int i = 0; i < classes.size(); i++) {
			String entry = classes.get(i);
			if (!AllowedClasses.isValidEntry(entry) || entry.endsWith("*")) {
				throw invalid("sessiongrid.serialization.allowed-classes[" + i + "]", entry,
						"Expected a class name such as com.example.Cart or com.example.Outer$Inner; "
								+ "put package patterns (com.example.**) in sessiongrid.serialization.allowed-patterns.");
			}
		}
		List<String> patterns = serialization.getAllowedPatterns();
		for (int i = 0; i < patterns.size(); i++) {
			String entry = patterns.get(i);
			if (!AllowedClasses.isValidEntry(entry) || !entry.endsWith("*")) {
				throw invalid("sessiongrid.serialization.allowed-patterns[" + i + "]", entry,
						"Expected com.example.* (the classes of one package), com.example.** (of a package and "
								+ "its subpackages) or com.example.Outer$* (nested classes); put class names in "
								+ "sessiongrid.serialization.allowed-classes.");
			}
		}
		if (serialization.getMaxDepth() < 1) {
			throw invalid("sessiongrid.serialization.max-depth", serialization.getMaxDepth(),
					"Max depth must be 1 or more, e.g. 32.");
		}
		DataSize maxSize = serialization.getMaxSize();
		if (maxSize == null || maxSize.toBytes() <= 0) {
			throw invalid("sessiongrid.serialization.max-size", maxSize, "Max size must be positive, e.g. 4MB.");
		}
	}

	/**
	 * Checks the properties of the reset policy of lost partitions.
	 * @param properties the bound properties
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	static void validateLostPartitionReset(SessiongridProperties properties) {
		requireNotNegative("sessiongrid.failover.lost-partitions-reset-delay",
				properties.getFailover().getLostPartitionsResetDelay(),
				"0s accepts the loss as soon as it is reported");
	}

	private static void validateDiscovery(SessiongridProperties.Discovery discovery) {
		String dnsName = discovery.getDnsName();
		String multicastGroup = discovery.getMulticastGroup();
		boolean dns = StringUtils.hasText(dnsName);
		boolean multicast = StringUtils.hasText(multicastGroup);
		if (dns && multicast) {
			throw invalid("sessiongrid.discovery.multicast-group", multicastGroup,
					"Set either sessiongrid.discovery.dns-name or sessiongrid.discovery.multicast-group, not both.");
		}
		if (dnsName != null && !HOST_NAME.matcher(dnsName).matches()) {
			throw invalid("sessiongrid.discovery.dns-name", dnsName,
					"DNS name must be a host name such as sessions.my-namespace.svc.cluster.local.");
		}
		if (multicastGroup != null && !isMulticastLiteral(multicastGroup)) {
			throw invalid("sessiongrid.discovery.multicast-group", multicastGroup,
					"Multicast group must be an IP multicast address, 224.0.0.0 to 239.255.255.255 "
							+ "(e.g. 228.10.10.157) or an IPv6 ff00::/8 address.");
		}
		List<String> addresses = discovery.getAddresses();
		if (!dns && !multicast && (addresses == null || addresses.isEmpty())) {
			throw invalid("sessiongrid.discovery.addresses", "",
					"Discovery addresses must not be empty unless sessiongrid.discovery.dns-name or "
							+ "sessiongrid.discovery.multicast-group is set; e.g. 127.0.0.1:47500..47509.");
		}
		if (addresses != null) {
			for (int i = 0; i < addresses.size(); i++) {
				checkAddress("sessiongrid.discovery.addresses[" + i + "]", addresses.get(i));
			}
		}
	}

	private static void checkAddress(String name, @Nullable String address) {
		String expected = "Expected host, host:port or host:port..port with ports 1 to 65535, e.g. "
				+ "127.0.0.1:47500..47509 or [::1]:47500.";
		Matcher matcher = (address != null) ? ADDRESS.matcher(address.trim()) : null;
		if (matcher == null || !matcher.matches()) {
			throw invalid(name, address, expected);
		}
		String from = matcher.group("from");
		String to = matcher.group("to");
		if (from != null && !isPort(Integer.parseInt(from))) {
			throw invalid(name, address, expected);
		}
		if (to != null && (!isPort(Integer.parseInt(to)) || Integer.parseInt(to) < Integer.parseInt(from))) {
			throw invalid(name, address, expected + " The second port must not be below the first.");
		}
	}

	private static void checkPort(String name, int port, int portRange) {
		if (!isPort(port)) {
			throw invalid(name, port, "Port must be between 1 and 65535.");
		}
		int last = port + Math.max(portRange, 1) - 1;
		if (last > MAX_PORT) {
			throw invalid(name, port, "The ports tried, " + port + " to " + last + " with sessiongrid.node.port-range "
					+ portRange + ", must not exceed 65535; lower the port " + "or the range.");
		}
	}

	/**
	 * Discovery and communication must not try the same ports: the one that starts second
	 * moves up its range, and the other nodes' discovery then reaches a communication
	 * port.
	 */
	private static void checkPortsApart(SessiongridProperties.Node node) {
		int range = Math.max(node.getPortRange(), 1);
		int discovery = node.getDiscoveryPort();
		int communication = node.getCommunicationPort();
		if (discovery < communication + range && communication < discovery + range) {
			throw invalid("sessiongrid.node.communication-port", communication,
					"The communication ports, " + communication + " to " + (communication + range - 1)
							+ ", must not overlap the discovery ports, " + discovery + " to " + (discovery + range - 1)
							+ " (sessiongrid.node.discovery-port and sessiongrid.node.port-range); e.g. 47100 "
							+ "and 47500, the defaults.");
		}
	}

	private static boolean isPort(int port) {
		return port >= 1 && port <= MAX_PORT;
	}

	/**
	 * Accepts literals only: a host name here would mean a DNS lookup, and a group is
	 * never a name.
	 */
	private static boolean isMulticastLiteral(String group) {
		if (!IPV4_LITERAL.matcher(group).matches() && !group.contains(":")) {
			return false;
		}
		try {
			return InetAddress.getByName(group).isMulticastAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static void requireText(String name, @Nullable String value, String expected) {
		if (!StringUtils.hasText(value)) {
			throw invalid(name, value, "Must not be empty; expected " + expected + ".");
		}
	}

	private static void requireNotNegative(String name, @Nullable Duration value, String zeroMeans) {
		if (value == null || value.isNegative()) {
			throw invalid(name, value, "Must be 0s or more (" + zeroMeans + ").");
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String name, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(name, value, reason);
	}

}
