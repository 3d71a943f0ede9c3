package dev.sessiongrid.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.Ignite;

import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;

/**
 * Starts benchmark nodes in this JVM on loopback ports of their own (48800+, 48400+),
 * away from the sample's and the tests'.
 */
final class BenchmarkNodes {

	private BenchmarkNodes() {
	}

	static List<Ignite> start(int count, long maxMemory) {
		List<Ignite> nodes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			SessiongridNodeSettings settings = new SessiongridNodeSettings();
			settings.setDiscoveryPort(48800);
			settings.setCommunicationPort(48400);
			settings.setPortRange(20);
			settings.setDiscoveryAddresses(List.of("127.0.0.1:48800..48819"));
			settings.setMaxMemory(maxMemory);
			nodes.add(SessiongridNodeFactory.start(settings));
		}
		return nodes;
	}

}
