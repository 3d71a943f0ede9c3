package dev.sessiongrid.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.DataRegionMetrics;
import org.apache.ignite.Ignite;

import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Off-heap memory one stored session copy takes, for sizing: sessions of a given
 * attribute payload are written on one node without backups, and the data region's
 * allocated size is compared before and after. Multiply by {@code backups + 1} and divide
 * by the number of nodes for a node's share.
 * <p>
 * Run: {@code ./mvnw -q -pl benchmarks -am -Pbenchmark -DskipTests verify
 * -Dbenchmark.class=dev.sessiongrid.benchmarks.MemoryPerSessionBenchmark}
 */
public final class MemoryPerSessionBenchmark {

	private static final int SESSIONS = 20_000;

	private MemoryPerSessionBenchmark() {
	}

	public static void main(String[] args) {
		List<Ignite> nodes = BenchmarkNodes.start(1, 2048L * 1024 * 1024);
		Ignite node = nodes.get(0);
		try {
			System.out.printf("%14s %16s %18s %10s%n", "payload", "serialized size", "memory per copy", "overhead");
			for (int payload : new int[] { 100, 1_000, 10_000 }) {
				IgniteSessionRepository repository = new IgniteSessionRepository(node, "memory-" + payload, 0);
				repository.start();
				long before = allocated(node);
				long serialized = 0;
				for (int i = 0; i < SESSIONS; i++) {
					IgniteSession session = repository.createSession();
					ArrayList<String> cart = new ArrayList<>();
					cart.add("x".repeat(payload));
					session.setAttribute("cart", cart);
					repository.save(session);
					serialized += repository.getSessionCache().get(session.getId()).attributeBytes();
				}
				long perSession = (allocated(node) - before) / SESSIONS;
				long perSerialized = serialized / SESSIONS;
				System.out.printf("%11d B %13d B %15d B %9.2fx%n", payload, perSerialized, perSession,
						(double) perSession / perSerialized);
				repository.close();
			}
		}
		finally {
			nodes.forEach(Ignite::close);
		}
	}

	private static long allocated(Ignite node) {
		DataRegionMetrics metrics = node.dataRegionMetrics(SessiongridNodeFactory.DATA_REGION);
		return metrics.getTotalAllocatedPages() * metrics.getPageSize();
	}

}
