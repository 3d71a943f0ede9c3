package dev.sessiongrid.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.cache.Cache;

import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.springframework.session.FindByIndexNameSessionRepository;

import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionRecord;

/**
 * Median time of {@code findByPrincipalName} for one user as the total number of sessions
 * grows (1,000, 10,000, 100,000), against a baseline in the same run: a scan of all
 * sessions for the same user, which is what a store without an index does. Every
 * principal has three sessions.
 * <p>
 * Run: {@code ./mvnw -q -pl benchmarks -am -Pbenchmark -DskipTests verify} (arguments:
 * {@code -Dbenchmark.args="nodes
 * maxSessions"}, default 3 nodes, 100000).
 */
public final class PrincipalIndexBenchmark {

	private static final int SESSIONS_PER_USER = 3;

	private static final int LOOKUPS = 2000;

	private static final int SCANS = 15;

	private static final int WARMUP = 20_000;

	private PrincipalIndexBenchmark() {
	}

	public static void main(String[] args) {
		int nodeCount = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		int maxSessions = (args.length > 1) ? Integer.parseInt(args[1]) : 100_000;
		List<Ignite> nodes = BenchmarkNodes.start(nodeCount, 1024L * 1024 * 1024);
		IgniteSessionRepository writer = new IgniteSessionRepository(nodes.get(0), "bench-principals", 1);
		IgniteSessionRepository reader = new IgniteSessionRepository(nodes.get(nodes.size() - 1), "bench-principals",
				1);
		writer.start();
		reader.start();
		try {
			System.out.printf("findByPrincipalName, %d node(s), %d sessions per user%n", nodeCount, SESSIONS_PER_USER);
			System.out.printf("%10s %14s %14s %12s%n", "sessions", "index median", "scan median", "scan/index");
			int written = 0;
			double firstIndexMedian = 0;
			for (int total = 1000; total <= maxSessions; total *= 10) {
				written = populate(writer, written, total);
				int users = total / SESSIONS_PER_USER;
				if (firstIndexMedian == 0) {
					// JIT warm-up of Ignite's read paths, so that the first size is not
					// measured cold.
					medianMicros(WARMUP,
							() -> reader.findByPrincipalName("user-" + ThreadLocalRandom.current().nextInt(users)));
				}
				double index = medianMicros(LOOKUPS, () -> {
					String user = "user-" + ThreadLocalRandom.current().nextInt(users);
					Map<String, IgniteSession> found = reader.findByPrincipalName(user);
					check(found.size(), user);
				});
				double scan = medianMicros(SCANS, () -> {
					String user = "user-" + ThreadLocalRandom.current().nextInt(users);
					check(scanFor(reader, user), user);
				});
				if (firstIndexMedian == 0) {
					firstIndexMedian = index;
				}
				System.out.printf("%10d %11.1f µs %11.1f µs %11.0fx   (index median vs 1,000 sessions: %.2fx)%n", total,
						index, scan, scan / index, index / firstIndexMedian);
			}
		}
		finally {
			writer.close();
			reader.close();
			nodes.forEach(Ignite::close);
		}
	}

	private static int populate(IgniteSessionRepository repository, int from, int to) {
		for (int i = from; i < to; i++) {
			IgniteSession session = repository.createSession();
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
					"user-" + (i / SESSIONS_PER_USER));
			session.setAttribute("cart", "item-" + i);
			repository.save(session);
		}
		return to;
	}

	/** Guards against the benchmark measuring empty answers. */
	private static void check(int found, String user) {
		if (found != SESSIONS_PER_USER) {
			throw new IllegalStateException("found " + found + " sessions of " + user);
		}
	}

	private static int scanFor(IgniteSessionRepository repository, String user) {
		int count = 0;
		try (QueryCursor<Cache.Entry<String, SessionRecord>> cursor = repository.getSessionCache()
			.query(new ScanQuery<String, SessionRecord>((id, record) -> user.equals(record.getPrincipalName())))) {
			for (Cache.Entry<String, SessionRecord> ignored : cursor) {
				count++;
			}
		}
		return count;
	}

	private static double medianMicros(int runs, Runnable action) {
		for (int i = 0; i < runs; i++) {
			action.run();
		}
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long start = System.nanoTime();
			action.run();
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return nanos[runs / 2] / 1000.0;
	}

}
