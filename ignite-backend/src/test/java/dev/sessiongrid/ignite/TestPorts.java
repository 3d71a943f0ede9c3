package dev.sessiongrid.ignite;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.sessiongrid.ignite.node.SessiongridNodeSettings;

/**
 * Loopback ports of the nodes that tests start, for every module (shared through this
 * module's test-jar). Each block of tests has ports of its own, {@value #RANGE} for
 * discovery from 27500 on and as many for communication from 27100 on, so a node of one
 * block never joins another block's cluster, and never the default 47500/47100 where a
 * developer's sample application may be running. All of them lie below Linux's range of
 * ephemeral ports (32768 to 60999 by default): there an outgoing connection of any
 * process may hold a port at any moment, and a test that needs a given port free (to
 * occupy it itself, say) would fail by chance. The system property
 * {@code sessiongrid.test.port-offset} shifts every block: builds on one machine (in two
 * work trees, say) run side by side when their offsets are 1000 apart, since all blocks
 * together fit in less than that.
 */
public final class TestPorts {

	/**
	 * Shift of every port, from the system property {@code sessiongrid.test.port-offset}.
	 */
	public static final int OFFSET = Integer.getInteger("sessiongrid.test.port-offset", 0);

	/** Number of ports of each block, for discovery and for communication. */
	public static final int RANGE = 20;

	/**
	 * Distance between the first ports of two blocks: room for a test that moves a node a
	 * few ports up.
	 */
	private static final int BLOCK = 50;

	/** Nodes of the ignite-backend tests. */
	public static final TestPorts BACKEND = new TestPorts(0);

	/**
	 * Nodes of the autoconfigure tests that start one through the auto-configuration or
	 * as the application does.
	 */
	public static final TestPorts AUTOCONFIGURE = new TestPorts(1);

	/**
	 * Nodes of the autoconfigure metrics, health and endpoint tests, and the nodes these
	 * observe.
	 */
	public static final TestPorts AUTOCONFIGURE_OBSERVED = new TestPorts(2);

	/** Nodes of the sample application's tests. */
	public static final TestPorts SAMPLE = new TestPorts(3);

	/**
	 * Nodes of the demo farm (scripts/demo.sh) that the sample application's browser test
	 * starts.
	 */
	public static final TestPorts DEMO = new TestPorts(4);

	private final int discoveryPort;

	private final int communicationPort;

	private TestPorts(int block) {
		this.discoveryPort = 27500 + OFFSET + block * BLOCK;
		this.communicationPort = 27100 + OFFSET + block * BLOCK;
	}

	/**
	 * First discovery port of the block.
	 * @return the port
	 */
	public int discoveryPort() {
		return this.discoveryPort;
	}

	/**
	 * First communication port of the block.
	 * @return the port
	 */
	public int communicationPort() {
		return this.communicationPort;
	}

	/**
	 * Discovery addresses of the block's nodes, in the {@code host:port..port} form.
	 * @return the addresses
	 */
	public String discoveryAddresses() {
		return "127.0.0.1:" + this.discoveryPort + ".." + (this.discoveryPort + RANGE - 1);
	}

	/**
	 * Settings of a node of this block, with little memory and a short failure detection,
	 * for tests that start nodes through {@code SessiongridNodeFactory}.
	 * @return new settings
	 */
	public SessiongridNodeSettings settings() {
		SessiongridNodeSettings settings = new SessiongridNodeSettings();
		settings.setDiscoveryPort(this.discoveryPort);
		settings.setCommunicationPort(this.communicationPort);
		settings.setPortRange(RANGE);
		settings.setDiscoveryAddresses(List.of(discoveryAddresses()));
		settings.setMaxMemory(64L * 1024 * 1024);
		settings.setFailureDetectionTimeout(Duration.ofSeconds(3));
		return settings;
	}

	/**
	 * Spring Boot properties that put the node of an application on this block, with
	 * little memory, without the warm-up before joining (two more node starts per
	 * context; {@code NodeWarmUpTests} covers it) and without the hot path's warm-up (one
	 * more node and seconds of load per context; {@code HotPathWarmUpTests} covers it),
	 * for the tests of the Boot modules.
	 * @param more further assignments to append
	 * @return {@code name=value} assignments
	 */
	public String[] properties(String... more) {
		return Stream.concat(Stream.of("sessiongrid.node.discovery-port=" + this.discoveryPort,
				"sessiongrid.node.communication-port=" + this.communicationPort, "sessiongrid.node.port-range=" + RANGE,
				"sessiongrid.discovery.addresses=" + discoveryAddresses(), "sessiongrid.node.max-memory=32MB",
				"sessiongrid.node.warm-up=false", "sessiongrid.node.hot-path-warm-up=0s"), Stream.of(more))
			.toArray(String[]::new);
	}

}
