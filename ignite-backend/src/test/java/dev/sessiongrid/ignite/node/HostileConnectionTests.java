package dev.sessiongrid.ignite.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches a node's discovery and communication ports from something that is not a
 * node (a port scanner, a misdirected client, a load balancer's health check): the
 * connection is closed, and the two-node cluster stays whole and keeps serving sessions.
 */
class HostileConnectionTests {

	/**
	 * Longest a node may keep a garbage connection open: discovery's network timeouts
	 * follow the failure detection timeout (3 s in tests), with room for a loaded
	 * machine.
	 */
	private static final Duration CLOSED_WITHIN = Duration.ofSeconds(20);

	private static TestCluster cluster;

	private static Ignite first;

	private static Ignite second;

	private static IgniteSessionRepository writer;

	private static IgniteSessionRepository reader;

	private static ReplicationMonitor monitor;

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster();
		List<Ignite> nodes = cluster.start(2);
		first = nodes.get(0);
		second = nodes.get(1);
		writer = cluster.repository(first, "hostile", 1);
		reader = cluster.repository(second, "hostile", 1);
		monitor = cluster.monitor(first, "hostile", 1);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	enum Port {

		DISCOVERY, COMMUNICATION

	}

	enum Garbage {

		PLAINTEXT("hello, is this the session store?\n".getBytes(StandardCharsets.US_ASCII)),

		RANDOM_BYTES(randomBytes()),

		HTTP_REQUEST(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII)),

		/** Connects and never says anything. */
		HALF_OPEN(new byte[0]);

		private final byte[] bytes;

		Garbage(byte[] bytes) {
			this.bytes = bytes;
		}

		private static byte[] randomBytes() {
			byte[] bytes = new byte[64 * 1024];
			new Random(11).nextBytes(bytes);
			return bytes;
		}

	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Garbage.class)
	void garbageToTheDiscoveryPortIsClosedAndTheClusterKeepsServing(Garbage garbage) throws Exception {
		sendAndAssertClosed(Port.DISCOVERY, garbage);
		assertClusterServes();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = Garbage.class, names = "HALF_OPEN", mode = EnumSource.Mode.EXCLUDE)
	void garbageToTheCommunicationPortIsClosedAndTheClusterKeepsServing(Garbage garbage) throws Exception {
		sendAndAssertClosed(Port.COMMUNICATION, garbage);
		assertClusterServes();
	}

	/**
	 * Ignite's communication server never closes an accepted connection that stays silent
	 * (its idle timeout only closes connections a node opened itself): such a connection
	 * holds a socket until its other end goes away (docs/security.md says so). It costs
	 * the cluster nothing else.
	 */
	@Test
	void silentConnectionsToTheCommunicationPortCostTheClusterNothing() throws Exception {
		List<Socket> silent = new ArrayList<>();
		try {
			for (int i = 0; i < 50; i++) {
				silent.add(new Socket("127.0.0.1", port(first, Port.COMMUNICATION)));
			}
			assertClusterServes();
		}
		finally {
			for (Socket socket : silent) {
				socket.close();
			}
		}
		assertClusterServes();
	}

	private static void sendAndAssertClosed(Port port, Garbage garbage) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port(first, port))) {
			socket.setSoTimeout((int) CLOSED_WITHIN.toMillis());
			try {
				socket.getOutputStream().write(garbage.bytes);
				socket.getOutputStream().flush();
			}
			catch (IOException ex) {
				// closed while it was still being written: what the test waits for
				return;
			}
			long start = System.nanoTime();
			assertThat(readUntilClosed(socket.getInputStream()))
				.as("%s to the %s port closed within %s", garbage, port, CLOSED_WITHIN)
				.isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLOSED_WITHIN);
		}
	}

	/**
	 * Reads what the node answers, if anything, until it closes the connection.
	 * @return whether it closed it before the read timed out
	 */
	private static boolean readUntilClosed(InputStream in) throws IOException {
		byte[] buffer = new byte[4096];
		try {
			while (in.read(buffer) >= 0) {
				// what a node says to garbage does not matter, only that it hangs up
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// reset by the node
			return true;
		}
	}

	private static void assertClusterServes() {
		for (Ignite node : List.of(first, second)) {
			assertThat(Ignition.state(node.name())).isEqualTo(IgniteState.STARTED);
			assertThat(node.cluster().nodes()).hasSize(2);
		}
		// rebalancing after the second node joined may still be finishing
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(monitor.state().fullyReplicated()).isTrue());
		IgniteSession session = writer.createSession();
		session.setAttribute("cart", "3 apples");
		writer.save(session);
		IgniteSession found = reader.findById(session.getId());
		assertThat(found).isNotNull();
		assertThat(found.<String>getAttribute("cart")).isEqualTo("3 apples");
	}

	private static int port(Ignite node, Port port) {
		return (port == Port.DISCOVERY) ? TestCluster.discoveryPort(node) : TestCluster.communicationPort(node);
	}

}
