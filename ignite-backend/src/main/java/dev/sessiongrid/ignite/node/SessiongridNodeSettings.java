package dev.sessiongrid.ignite.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.cache.configuration.Factory;
import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * Plain settings of one embedded Sessiongrid node, independent of how they were
 * configured. Defaults are the secure, single-machine ones: loopback only, static
 * discovery of the neighbouring loopback ports. The {@code DEFAULT_*} constants are the
 * one place they are written down: the Spring Boot properties start from them too.
 */
public class SessiongridNodeSettings {

	/**
	 * Default address the node listens on: loopback, so the cluster stays on this
	 * machine.
	 */
	public static final String DEFAULT_LOCAL_ADDRESS = "127.0.0.1";

	/** Default first discovery port. */
	public static final int DEFAULT_DISCOVERY_PORT = 47500;

	/** Default first communication port. */
	public static final int DEFAULT_COMMUNICATION_PORT = 47100;

	/**
	 * Default number of ports tried from the first discovery and communication ports on.
	 */
	public static final int DEFAULT_PORT_RANGE = 10;

	/** Default off-heap cap for session data: 256 MB. */
	public static final long DEFAULT_MAX_MEMORY = 256L * 1024 * 1024;

	/**
	 * Default discovery addresses: the discovery port range on loopback, where this
	 * machine's other nodes listen.
	 */
	public static final List<String> DEFAULT_DISCOVERY_ADDRESSES = List.of(DEFAULT_LOCAL_ADDRESS + ":"
			+ DEFAULT_DISCOVERY_PORT + ".." + (DEFAULT_DISCOVERY_PORT + DEFAULT_PORT_RANGE - 1));

	/** Default silence tolerated from a node before it is declared failed. */
	public static final Duration DEFAULT_FAILURE_DETECTION_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Default wait before lost backups are rebuilt or a new node takes its share: none.
	 */
	public static final Duration DEFAULT_BACKUP_REBUILD_DELAY = Duration.ZERO;

	private @Nullable String instanceName;

	private String localAddress = DEFAULT_LOCAL_ADDRESS;

	private int discoveryPort = DEFAULT_DISCOVERY_PORT;

	private int communicationPort = DEFAULT_COMMUNICATION_PORT;

	private int portRange = DEFAULT_PORT_RANGE;

	private long maxMemory = DEFAULT_MAX_MEMORY;

	private List<String> discoveryAddresses = new ArrayList<>(DEFAULT_DISCOVERY_ADDRESSES);

	private @Nullable String dnsName;

	private @Nullable String multicastGroup;

	private Duration failureDetectionTimeout = DEFAULT_FAILURE_DETECTION_TIMEOUT;

	private Duration backupRebuildDelay = DEFAULT_BACKUP_REBUILD_DELAY;

	private @Nullable String workDirectory;

	private @Nullable Factory<SSLContext> sslContextFactory;

	public @Nullable String getInstanceName() {
		return this.instanceName;
	}

	public void setInstanceName(@Nullable String instanceName) {
		this.instanceName = instanceName;
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

	public long getMaxMemory() {
		return this.maxMemory;
	}

	public void setMaxMemory(long maxMemory) {
		this.maxMemory = maxMemory;
	}

	public List<String> getDiscoveryAddresses() {
		return this.discoveryAddresses;
	}

	public void setDiscoveryAddresses(List<String> discoveryAddresses) {
		this.discoveryAddresses = new ArrayList<>(discoveryAddresses);
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

	public Duration getFailureDetectionTimeout() {
		return this.failureDetectionTimeout;
	}

	public void setFailureDetectionTimeout(Duration failureDetectionTimeout) {
		this.failureDetectionTimeout = failureDetectionTimeout;
	}

	public Duration getBackupRebuildDelay() {
		return this.backupRebuildDelay;
	}

	public void setBackupRebuildDelay(Duration backupRebuildDelay) {
		this.backupRebuildDelay = backupRebuildDelay;
	}

	public @Nullable String getWorkDirectory() {
		return this.workDirectory;
	}

	public void setWorkDirectory(@Nullable String workDirectory) {
		this.workDirectory = workDirectory;
	}

	public @Nullable Factory<SSLContext> getSslContextFactory() {
		return this.sslContextFactory;
	}

	public void setSslContextFactory(@Nullable Factory<SSLContext> sslContextFactory) {
		this.sslContextFactory = sslContextFactory;
	}

}
