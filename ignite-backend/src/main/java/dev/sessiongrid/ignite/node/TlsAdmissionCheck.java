package dev.sessiongrid.ignite.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.cache.configuration.Factory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.multicast.TcpDiscoveryMulticastIpFinder;
import org.jspecify.annotations.Nullable;

/**
 * Before a node with TLS starts, checks that the nodes already listening at its discovery
 * addresses accept its certificate and that it trusts theirs.
 * <p>
 * Ignite treats a refused handshake like an address where nobody listens: a node whose
 * certificate the cluster does not trust (another CA, expired, none) starts as the first
 * node of a cluster of its own, silently, and serves its own sessions beside the real
 * cluster. This check turns that into a start-up failure that says why. It admits nobody:
 * the members' own TLS does that on every connection; it only refuses to start a node
 * that every listening member would refuse. Not run with multicast discovery, whose
 * addresses are only known once the node multicasts.
 */
final class TlsAdmissionCheck {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

	/**
	 * How long a handshake that completed on this side waits for the peer's refusal: with
	 * TLS 1.3 the server checks the client's certificate after the client considers the
	 * handshake done.
	 */
	private static final Duration REFUSAL_WAIT = Duration.ofMillis(500);

	private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Longest the whole check may take (addresses of hosts that drop packets cost a
	 * connect timeout each); past it, what was seen decides.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(5);

	/** Further handshakes tried after a protocol error that names no certificate. */
	private static final int PROTOCOL_RETRIES = 2;

	private static final Duration PROTOCOL_RETRY_WAIT = Duration.ofMillis(500);

	private TlsAdmissionCheck() {
	}

	/**
	 * Fails when nodes listen at the configured discovery addresses and every one of them
	 * refuses this node's TLS handshake. Does nothing without TLS, with no node
	 * listening, or when the discovery is not Ignite's TCP discovery.
	 * @param config the node's configuration
	 * @throws TlsAdmissionException naming the refusing addresses and the reason
	 */
	static void verify(IgniteConfiguration config) {
		Factory<SSLContext> factory = config.getSslContextFactory();
		// a multicast finder's addresses would mean sending multicast requests before
		// the node starts
		if (factory == null || !(config.getDiscoverySpi() instanceof TcpDiscoverySpi discovery)
				|| discovery.getIpFinder() == null
				|| discovery.getIpFinder() instanceof TcpDiscoveryMulticastIpFinder) {
			return;
		}
		Collection<InetSocketAddress> addresses = discovery.getIpFinder().getRegisteredAddresses();
		SSLContext context = factory.create();
		List<String> refusals = new ArrayList<>();
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		for (InetSocketAddress address : addresses) {
			if (System.nanoTime() > deadline) {
				break;
			}
			String refusal = refusal(context, address);
			// A protocol error that names no certificate (e.g. "Unexpected handshake
			// message") was seen once against a member that had just started: ask again
			// before counting it as a refusal.
			for (int retry = 0; retry < PROTOCOL_RETRIES && refusal != null && !refusal.isEmpty()
					&& !namesCertificate(refusal); retry++) {
				sleep(PROTOCOL_RETRY_WAIT);
				refusal = refusal(context, address);
			}
			if (refusal == null) {
				return;
			}
			if (!refusal.isEmpty()) {
				refusals.add(address.getHostString() + ":" + address.getPort() + " (" + refusal + ")");
			}
		}
		if (!refusals.isEmpty()) {
			throw new TlsAdmissionException("The nodes listening at " + refusals + " refused this node's TLS "
					+ "handshake, so it would start alone, beside their cluster. Check that its key store holds an "
					+ "unexpired certificate signed by a CA the other nodes trust, and that its trust store holds "
					+ "the CA of theirs.");
		}
	}

	/**
	 * Tries a handshake with whoever listens at the address.
	 * @return {@code null} when accepted, an empty string when nobody listens, else the
	 * reason of the refusal
	 */
	private static @Nullable String refusal(SSLContext context, InetSocketAddress address) {
		if (address.isUnresolved()) {
			return "";
		}
		Socket plain = new Socket();
		try {
			plain.connect(address, (int) CONNECT_TIMEOUT.toMillis());
		}
		catch (IOException ex) {
			closeQuietly(plain);
			return "";
		}
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
			.createSocket(plain, address.getHostString(), address.getPort(), true)) {
			socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
			socket.startHandshake();
			socket.setSoTimeout((int) REFUSAL_WAIT.toMillis());
			try {
				// a member waits for this node to speak first: silence means accepted
				socket.getInputStream().read();
			}
			catch (SocketTimeoutException ex) {
				return null;
			}
			return null;
		}
		catch (SSLException ex) {
			return ex.getMessage();
		}
		catch (IOException ex) {
			return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		}
	}

	/**
	 * Whether a handshake failure is about certificates (an alert of the peer, or this
	 * side's own trust check), as opposed to a protocol error.
	 */
	static boolean namesCertificate(String refusal) {
		String lower = refusal.toLowerCase(Locale.ROOT);
		return lower.contains("certificate") || lower.contains("pkix") || lower.contains("unknown_ca")
				|| lower.contains("handshake_failure") || lower.contains("access_denied")
				|| lower.contains("no cipher suites in common") || lower.contains("protocol_version");
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing was open
		}
	}

}
