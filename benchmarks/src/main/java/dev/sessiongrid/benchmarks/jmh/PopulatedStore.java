package dev.sessiongrid.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;
import org.springframework.session.FindByIndexNameSessionRepository;

import dev.sessiongrid.benchmarks.BenchmarkNodes;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * The nodes and the filled store of {@link RepositoryBenchmark}: {@code sessions}
 * sessions, each with a principal (three sessions per user) and one 1 KB attribute.
 * Filling 100,000 sessions on 3 nodes takes ~40 s on 2 cores, longer than the benchmark
 * of one operation, so when JMH runs in this JVM ({@link InProcessRuns}) the store is
 * kept from one benchmark to the next with the same parameters; in a forked run each fork
 * fills its own and closes it at the end of its trial.
 */
final class PopulatedStore {

	private static final String PRINCIPAL = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

	private static volatile boolean keep;

	private static @Nullable PopulatedStore current;

	private final int nodes;

	private final int sessions;

	private final List<Ignite> cluster;

	private final IgniteSessionRepository repository;

	private final String[] ids;

	private PopulatedStore(int nodes, int sessions) throws Exception {
		this.nodes = nodes;
		this.sessions = sessions;
		this.cluster = BenchmarkNodes.start(nodes, 1024L * 1024 * 1024);
		this.repository = new IgniteSessionRepository(this.cluster.get(0), "bench-repository", (nodes > 1) ? 1 : 0);
		this.repository.start();
		this.ids = new String[sessions];
		fill();
	}

	/**
	 * Keeps stores between trials from now on, until {@link #closeKept()}.
	 */
	static void keepBetweenTrials() {
		keep = true;
	}

	/**
	 * Returns the store of these parameters, filled: the kept one if it matches, else a
	 * new one (a kept store of other parameters is closed first).
	 */
	static synchronized PopulatedStore acquire(int nodes, int sessions) throws Exception {
		PopulatedStore store = current;
		if (store != null && store.nodes == nodes && store.sessions == sessions) {
			return store;
		}
		closeKept();
		store = new PopulatedStore(nodes, sessions);
		current = store;
		return store;
	}

	/**
	 * Ends a trial: closes the store unless stores are kept between trials.
	 */
	static synchronized void release() {
		if (!keep) {
			closeKept();
		}
	}

	static synchronized void closeKept() {
		PopulatedStore store = current;
		current = null;
		if (store != null) {
			store.repository.close();
			store.cluster.forEach(Ignite::close);
		}
	}

	IgniteSessionRepository repository() {
		return this.repository;
	}

	String[] ids() {
		return this.ids;
	}

	private void fill() throws Exception {
		// a few writers: the store fills in a fraction of the time one thread would take
		// (on 3 nodes most of a save is waiting for the copies)
		int writers = 8;
		ExecutorService executor = Executors.newFixedThreadPool(writers);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int first = w;
				futures.add(executor.submit(() -> {
					for (int i = first; i < this.sessions; i += writers) {
						IgniteSession session = this.repository.createSession();
						session.setAttribute(PRINCIPAL, "user-" + (i / RepositoryBenchmark.SESSIONS_PER_USER));
						session.setAttribute("data", RepositoryBenchmark.payload());
						this.repository.save(session);
						this.ids[i] = session.getId();
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdown();
		}
	}

}
