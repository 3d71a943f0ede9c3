package dev.sessiongrid.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;

import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionCaches;

/**
 * The cost of {@code FULL_SYNC} (a save returns once every copy has it, our choice)
 * against {@code PRIMARY_SYNC} (returns once the primary has it), on the same three-node
 * cluster in one run: median and p99 of a delta save (one attribute changed) and of a
 * read, written through a node that holds neither copy of most sessions.
 * <p>
 * Run: {@code ./mvnw -q -pl benchmarks -am -Pbenchmark -DskipTests verify
 * -Dbenchmark.class=dev.sessiongrid.benchmarks.WriteSyncBenchmark}
 */
public final class WriteSyncBenchmark {

	private static final int SESSIONS = 2_000;

	private static final int ROUNDS = 5;

	private WriteSyncBenchmark() {
	}

	public static void main(String[] args) {
		List<Ignite> nodes = BenchmarkNodes.start(3, 512L * 1024 * 1024);
		try {
			Ignite client = nodes.get(0);
			List<IgniteSessionRepository> repositories = new ArrayList<>();
			for (CacheWriteSynchronizationMode mode : new CacheWriteSynchronizationMode[] {
					CacheWriteSynchronizationMode.FULL_SYNC, CacheWriteSynchronizationMode.PRIMARY_SYNC }) {
				String name = "sync-" + mode;
				client.getOrCreateCache(SessionCaches.sessions(name, 1).setWriteSynchronizationMode(mode));
				IgniteSessionRepository repository = new IgniteSessionRepository(client, name, 1);
				repository.start();
				repositories.add(repository);
			}
			List<List<String>> ids = new ArrayList<>();
			for (IgniteSessionRepository repository : repositories) {
				ids.add(populate(repository));
			}
			// Alternate the two modes round by round so that drift in the machine's speed
			// hits both alike.
			long[][] saves = new long[2][];
			long[][] reads = new long[2][];
			for (int round = 0; round < ROUNDS; round++) {
				for (int m = 0; m < 2; m++) {
					long[][] sample = measure(repositories.get(m), ids.get(m), round);
					saves[m] = concat(saves[m], sample[0]);
					reads[m] = concat(reads[m], sample[1]);
				}
			}
			System.out.printf("3 nodes, backups=1, %d sessions, %d rounds%n", SESSIONS, ROUNDS);
			System.out.printf("%-14s %14s %14s %14s %14s%n", "mode", "save median", "save p99", "read median",
					"read p99");
			String[] names = { "FULL_SYNC", "PRIMARY_SYNC" };
			for (int m = 0; m < 2; m++) {
				System.out.printf("%-14s %11.1f µs %11.1f µs %11.1f µs %11.1f µs%n", names[m], pct(saves[m], 50),
						pct(saves[m], 99), pct(reads[m], 50), pct(reads[m], 99));
			}
			System.out.printf("FULL_SYNC / PRIMARY_SYNC: save median %.2fx, save p99 %.2fx%n",
					pct(saves[0], 50) / pct(saves[1], 50), pct(saves[0], 99) / pct(saves[1], 99));
			repositories.forEach(IgniteSessionRepository::close);
		}
		finally {
			nodes.forEach(Ignite::close);
		}
	}

	private static List<String> populate(IgniteSessionRepository repository) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			IgniteSession session = repository.createSession();
			session.setAttribute("cart", new ArrayList<>(List.of("item-" + i)));
			repository.save(session);
			ids.add(session.getId());
		}
		return ids;
	}

	private static long[][] measure(IgniteSessionRepository repository, List<String> ids, int round) {
		long[] saves = new long[ids.size()];
		long[] reads = new long[ids.size()];
		for (int i = 0; i < ids.size(); i++) {
			long start = System.nanoTime();
			IgniteSession session = repository.findById(ids.get(i));
			reads[i] = System.nanoTime() - start;
			session.setAttribute("round", round);
			start = System.nanoTime();
			repository.save(session);
			saves[i] = System.nanoTime() - start;
		}
		return new long[][] { saves, reads };
	}

	private static long[] concat(long[] first, long[] second) {
		if (first == null) {
			return second;
		}
		long[] result = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, result, first.length, second.length);
		return result;
	}

	private static double pct(long[] values, int percentile) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * percentile / 100.0) - 1);
		return sorted[Math.max(0, index)] / 1000.0;
	}

}
