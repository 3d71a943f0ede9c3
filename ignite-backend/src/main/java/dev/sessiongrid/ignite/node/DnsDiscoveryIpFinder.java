package dev.sessiongrid.ignite.node;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.ignite.spi.discovery.tcp.ipfinder.TcpDiscoveryIpFinderAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the other nodes by resolving a DNS name on every discovery round, e.g. the
 * headless service of a Kubernetes StatefulSet or Deployment, whose A records list the
 * ready pods. Needs no access to the Kubernetes API. Each resolved address is tried on
 * the discovery port range.
 */
public class DnsDiscoveryIpFinder extends TcpDiscoveryIpFinderAdapter {

	private static final Logger logger = LoggerFactory.getLogger(DnsDiscoveryIpFinder.class);

	private final String dnsName;

	private final int port;

	private final int portRange;

	/**
	 * Creates a finder.
	 * @param dnsName the name to resolve on every round
	 * @param port the first discovery port
	 * @param portRange how many consecutive ports from {@code port} a node may use
	 */
	public DnsDiscoveryIpFinder(String dnsName, int port, int portRange) {
		if (dnsName.isBlank()) {
			throw new IllegalArgumentException("DNS name for discovery must not be blank");
		}
		this.dnsName = dnsName;
		this.port = port;
		this.portRange = Math.max(1, portRange);
	}

	@Override
	public Collection<InetSocketAddress> getRegisteredAddresses() {
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(this.dnsName);
		}
		catch (UnknownHostException ex) {
			// Normal while the first pod of a headless service starts: it is not ready,
			// so not yet in DNS.
			logger.debug("Discovery name {} does not resolve yet: {}", this.dnsName, ex.getMessage());
			return List.of();
		}
		List<InetSocketAddress> result = new ArrayList<>(addresses.length * this.portRange);
		for (InetAddress address : addresses) {
			for (int offset = 0; offset < this.portRange; offset++) {
				result.add(new InetSocketAddress(address, this.port + offset));
			}
		}
		return result;
	}

	@Override
	public void registerAddresses(Collection<InetSocketAddress> addresses) {
		// DNS is maintained by the platform, not by the nodes.
	}

	@Override
	public void unregisterAddresses(Collection<InetSocketAddress> addresses) {
		// DNS is maintained by the platform, not by the nodes.
	}

	@Override
	public String toString() {
		return "DnsDiscoveryIpFinder[" + this.dnsName + ":" + this.port + ".." + (this.port + this.portRange - 1) + "]";
	}

}
