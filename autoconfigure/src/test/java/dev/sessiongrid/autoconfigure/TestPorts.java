package dev.sessiongrid.autoconfigure;

/**
 * Loopback ports of the nodes these tests start: the ones the ignite-backend tests use (48500+ discovery, 48100+
 * communication), shifted by the system property {@code sessiongrid.test.port-offset} so that two builds can run side
 * by side, and never the default 47500/47100, where a developer's sample application may be running.
 */
final class TestPorts {

	static final int OFFSET = Integer.getInteger("sessiongrid.test.port-offset", 0);

	static final int DISCOVERY = 48500 + OFFSET;

	static final int COMMUNICATION = 48100 + OFFSET;

	static final int RANGE = 20;

	private TestPorts() {
	}

	/**
	 * Properties that put a node on the test ports, with little memory and without the warm-up (two more node starts
	 * per context; {@code NodeWarmUpTests} covers it).
	 * @return property assignments for a context runner or application
	 */
	static String[] properties() {
		return new String[] { "sessiongrid.node.discovery-port=" + DISCOVERY,
				"sessiongrid.node.communication-port=" + COMMUNICATION, "sessiongrid.node.port-range=" + RANGE,
				"sessiongrid.discovery.addresses=" + addresses(), "sessiongrid.node.max-memory=32MB",
				"sessiongrid.node.warm-up=false" };
	}

	static String addresses() {
		return "127.0.0.1:" + DISCOVERY + ".." + (DISCOVERY + RANGE - 1);
	}

}
