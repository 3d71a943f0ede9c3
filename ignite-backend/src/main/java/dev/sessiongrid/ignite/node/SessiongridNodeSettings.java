package dev.sessiongrid.ignite.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.cache.configuration.Factory;
import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * Plain settings of one embedded Sessiongrid node, independent of how they were configured. Defaults are the
 * secure, single-machine ones: loopback only, static discovery of the neighbouring loopback ports.
 */
public class SessiongridNodeSettings {

	/** Default off-heap cap for session data: 256 MB. */
	public static final long DEFAULT_MAX_MEMORY = 256L * 1024 * 1024;

	private @Nullable String instanceName;

	private String localAddress = "127.0.0.1";

	private int discoveryPort = 47500;

	private int communicationPort = 47100;

	private int portRange = 10;

	private long maxMemory = DEFAULT_MAX_MEMORY;

	private List<String> discoveryAddresses = new ArrayList<>(List.of("127.0.0.1:47500..47509"));

	private @Nullable String dnsName;

	private @Nullable String multicastGroup;

	private Duration failureDetectionTimeout = Duration.ofSeconds(5);

	private Duration backupRebuildDelay = Duration.ZERO;

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
