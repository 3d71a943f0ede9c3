package dev.sessiongrid.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.Ignite;

import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;

/**
 * Starts benchmark nodes in this JVM on loopback ports of their own (29800+, 29400+),
 * away from the sample's and the tests'; {@code -Dsessiongrid.bench.port-offset=N} shifts
 * them.
 */
public final class BenchmarkNodes {

	private BenchmarkNodes() {
	}

	public static List<Ignite> start(int count, long maxMemory) {
		// two runs on one machine (e.g. an A/B of two builds) must not join each other's
		// cluster
		int offset = Integer.getInteger("sessiongrid.bench.port-offset", 0);
		List<Ignite> nodes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			SessiongridNodeSettings settings = new SessiongridNodeSettings();
			settings.setDiscoveryPort(29800 + offset);
			settings.setCommunicationPort(29400 + offset);
			settings.setPortRange(20);
			settings.setDiscoveryAddresses(List.of("127.0.0.1:" + (29800 + offset) + ".." + (29819 + offset)));
			settings.setMaxMemory(maxMemory);
			nodes.add(SessiongridNodeFactory.start(settings));
		}
		return nodes;
	}

}
