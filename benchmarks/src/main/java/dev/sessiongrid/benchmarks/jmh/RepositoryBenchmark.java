package dev.sessiongrid.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * The repository's operations one at a time, on a store already holding {@code sessions}
 * sessions (100,000 by default), each with a principal (three sessions per user) and one
 * 1 KB attribute: {@code findById}, a delta {@code save} of one changed 1 KB attribute,
 * {@code createSession} + {@code save}, {@code deleteById} and
 * {@code findByPrincipalName}. On 1 node ({@code backups=0}, nothing to copy) and on 3
 * nodes ({@code backups=1}, the farm's setting), all nodes in the benchmark's JVM: the
 * 3-node figures include the copies' network hops over loopback but not the separate
 * processes of a real farm. The repository works through the first node, so on 3 nodes
 * about two thirds of the keys have their primary elsewhere, as for a web server of a
 * farm.
 * <p>
 * Sample time mode, so that the median (p0.50) and p99 are reported, not only the mean.
 * Standalone, one fork per benchmark, each filling its own store:
 * {@code java -cp ... org.openjdk.jmh.Main RepositoryBenchmark}. run.sh runs it through
 * {@link InProcessRuns}: one JVM per node count that fills the store once for all five
 * benchmarks ({@link PopulatedStore}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RepositoryBenchmark {

	static final int SESSIONS_PER_USER = 3;

	@Param({ "1", "3" })
	public int nodes;

	@Param({ "100000" })
	public int sessions;

	private IgniteSessionRepository repository;

	private String[] ids;

	@Setup(Level.Trial)
	public void populate() throws Exception {
		PopulatedStore store = PopulatedStore.acquire(this.nodes, this.sessions);
		this.repository = store.repository();
		this.ids = store.ids();
	}

	@TearDown(Level.Trial)
	public void release() {
		PopulatedStore.release();
	}

	@Benchmark
	public IgniteSession findById() {
		return found(this.repository.findById(randomId()));
	}

	@Benchmark
	public void saveDelta(Loaded loaded) {
		this.repository.save(loaded.session);
	}

	@Benchmark
	public IgniteSession createAndSave(CreatedSessions created) {
		IgniteSession session = this.repository.createSession();
		session.setAttribute("data", payload());
		this.repository.save(session);
		created.ids.add(session.getId());
		return session;
	}

	@Benchmark
	public void deleteById(Created created) {
		this.repository.deleteById(created.id);
	}

	@Benchmark
	public Map<String, IgniteSession> findByPrincipalName() {
		// users with all of their sessions only: the last one may have fewer when
		// sessions is not a multiple of 3
		String user = "user-" + ThreadLocalRandom.current().nextInt(this.sessions / SESSIONS_PER_USER);
		Map<String, IgniteSession> found = this.repository.findByPrincipalName(user);
		if (found.size() != SESSIONS_PER_USER) {
			// measuring empty answers would flatter the index
			throw new IllegalStateException("found " + found.size() + " sessions of " + user);
		}
		return found;
	}

	private String randomId() {
		return this.ids[ThreadLocalRandom.current().nextInt(this.ids.length)];
	}

	private static IgniteSession found(IgniteSession session) {
		if (session == null) {
			throw new IllegalStateException("a stored session was not found");
		}
		return session;
	}

	/** 1 KB of attribute, a fresh object each time as a request would set. */
	static byte[] payload() {
		byte[] bytes = new byte[1024];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	/**
	 * A stored session, read and given a new 1 KB attribute value before each
	 * {@code saveDelta}, so the benchmark times the save alone.
	 */
	@State(Scope.Thread)
	public static class Loaded {

		IgniteSession session;

		@Setup(Level.Invocation)
		public void load(RepositoryBenchmark benchmark) {
			this.session = found(benchmark.repository.findById(benchmark.randomId()));
			this.session.setAttribute("data", payload());
		}

	}

	/**
	 * The sessions {@code createAndSave} stored in an iteration, deleted after it (not
	 * timed), so that the store keeps its size for the benchmarks after it.
	 */
	@State(Scope.Thread)
	public static class CreatedSessions {

		final List<String> ids = new ArrayList<>();

		@TearDown(Level.Iteration)
		public void delete(RepositoryBenchmark benchmark) {
			this.ids.forEach(benchmark.repository::deleteById);
			this.ids.clear();
		}

	}

	/**
	 * A session saved before each {@code deleteById}, so that every delete removes one
	 * that exists.
	 */
	@State(Scope.Thread)
	public static class Created {

		String id;

		@Setup(Level.Invocation)
		public void create(RepositoryBenchmark benchmark) {
			IgniteSession session = benchmark.repository.createSession();
			session.setAttribute("data", payload());
			benchmark.repository.save(session);
			this.id = session.getId();
		}

	}

}
