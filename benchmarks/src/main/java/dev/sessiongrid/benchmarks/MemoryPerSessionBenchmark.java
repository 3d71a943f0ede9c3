package dev.sessiongrid.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.DataRegionMetrics;
import org.apache.ignite.Ignite;

import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionCaches;

/**
 * Memory one stored session copy takes, for sizing and for the issue-9 goal (under 400
 * bytes beyond the payload): sessions of a given attribute payload are written on one
 * node without backups, and both the data region's allocated off-heap size and the Java
 * heap in use after a full GC are compared before and after. Multiply by
 * {@code backups + 1} and divide by the number of nodes for a node's share.
 * <p>
 * Arguments: number of sessions (default 100,000), a comma-separated list of payload
 * sizes in bytes (default {@code 1000,10000}) and one of the on-heap copies' shares of
 * the heap in percent (default {@code 10,0}: the default, and sessions off-heap only).
 * Besides the table, each payload and share prints one {@code footprint key=value ...}
 * line for run.sh.
 * <p>
 * Run: {@code ./mvnw -q -pl benchmarks -am -Pbenchmark -DskipTests verify
 * -Dbenchmark.class=dev.sessiongrid.benchmarks.MemoryPerSessionBenchmark}
 */
public final class MemoryPerSessionBenchmark {

	private MemoryPerSessionBenchmark() {
	}

	public static void main(String[] args) {
		int sessions = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		String payloads = (args.length > 1) ? args[1] : "1000,10000";
		String shares = (args.length > 2) ? args[2] : SessionCaches.ON_HEAP_PERCENT + ",0";
		List<String> lines = new ArrayList<>();
		System.out.printf("%d sessions per payload, one node, no backups%n", sessions);
		System.out.printf("%10s %8s %12s %12s %12s %14s %16s%n", "payload", "on-heap", "serialized", "off-heap", "heap",
				"total/copy", "beyond payload");
		for (String share : shares.split(",")) {
			int onHeap = Integer.parseInt(share.trim());
			// a fresh node per share: the pages a share's sessions leave partly free
			// would
			// otherwise take the next share's rows and hide their cost
			List<Ignite> nodes = BenchmarkNodes.start(1, 3L * 1024 * 1024 * 1024);
			try {
				for (String value : payloads.split(",")) {
					lines.add(measure(nodes.get(0), sessions, Integer.parseInt(value.trim()), onHeap));
				}
			}
			finally {
				nodes.forEach(Ignite::close);
			}
		}
		lines.forEach(System.out::println);
	}

	private static String measure(Ignite node, int sessions, int payload, int onHeap) {
		String cache = "memory-" + payload + "-" + onHeap;
		// declared first, with the share; the repository then finds it
		node.getOrCreateCache(SessionCaches.sessions(cache, 0, onHeap));
		IgniteSessionRepository repository = new IgniteSessionRepository(node, cache, 0);
		repository.start();
		long offHeapBefore = allocated(node);
		long heapBefore = heapAfterGc();
		long serialized = 0;
		for (int i = 0; i < sessions; i++) {
			IgniteSession session = repository.createSession();
			ArrayList<String> cart = new ArrayList<>();
			cart.add("x".repeat(payload));
			session.setAttribute("cart", cart);
			repository.save(session);
			serialized += repository.getSessionCache().get(session.getId()).attributeBytes();
		}
		long offHeap = (allocated(node) - offHeapBefore) / sessions;
		long heap = Math.max(0, heapAfterGc() - heapBefore) / sessions;
		long perSerialized = serialized / sessions;
		long beyond = offHeap + heap - payload;
		System.out.printf("%8d B %7d%% %10d B %10d B %10d B %12d B %14d B%n", payload, onHeap, perSerialized, offHeap,
				heap, offHeap + heap, beyond);
		// the repository is kept open: closing could free pages and hide the next
		// measurement's growth behind reuse
		return String.format("footprint payload=%d onheap=%d sessions=%d serialized=%d offheap=%d heap=%d beyond=%d",
				payload, onHeap, sessions, perSerialized, offHeap, heap, beyond);
	}

	private static long allocated(Ignite node) {
		DataRegionMetrics metrics = node.dataRegionMetrics(SessiongridNodeFactory.DATA_REGION);
		return metrics.getTotalAllocatedPages() * metrics.getPageSize();
	}

	/**
	 * Heap in use after full collections, so that garbage of the writes does not count as
	 * footprint.
	 */
	private static long heapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
