package dev.sessiongrid.sample;

/**
 * Loopback ports for the nodes the sample's tests start, as in the other modules' tests: 48500+ for discovery and
 * 48100+ for communication, shifted by the system property {@code sessiongrid.test.port-offset}, and never the
 * default 47500/47100 where a developer may be running the sample itself.
 */
final class TestNodePorts {

	private static final int OFFSET = Integer.getInteger("sessiongrid.test.port-offset", 0);

	private static final int DISCOVERY = 48500 + OFFSET;

	private static final int RANGE = 20;

	private TestNodePorts() {
	}

	/**
	 * Returns the properties that put a node on the test ports, and Actuator on a random port.
	 * @return property assignments
	 */
	static String[] properties() {
		return new String[] { "sessiongrid.node.discovery-port=" + DISCOVERY,
				"sessiongrid.node.communication-port=" + (48100 + OFFSET), "sessiongrid.node.port-range=" + RANGE,
				"sessiongrid.discovery.addresses=127.0.0.1:" + DISCOVERY + ".." + (DISCOVERY + RANGE - 1),
				"sessiongrid.node.max-memory=32MB", "management.server.port=0" };
	}

}
