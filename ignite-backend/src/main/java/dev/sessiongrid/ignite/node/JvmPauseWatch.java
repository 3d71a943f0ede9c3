package dev.sessiongrid.ignite.node;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when this whole JVM stood still (a stop signal, a long GC pause, a starved or
 * suspended virtual machine): one daemon thread of the JVM wakes every
 * {@value #TICK_MILLIS} ms and records each wake-up that came much later than asked.
 * <p>
 * Why: while a JVM stands still past the failure detection timeout, the other nodes drop
 * its node from the cluster and promote the backups of its sessions. When it resumes, its
 * request threads carry on where they stopped; for a moment its node still believes in
 * the old topology, sees its backups as gone and completes writes on its own copy, which
 * dies when the node finds out it was segmented and stops. Such a write must not be
 * acknowledged. A pause is JVM-wide, so one watch serves every node of the process.
 */
final class JvmPauseWatch {

	private static final Logger logger = LoggerFactory.getLogger(JvmPauseWatch.class);

	/** How often the watch wakes up. */
	static final long TICK_MILLIS = 100;

	/** Late wake-ups shorter than this are scheduling noise and are not recorded. */
	private static final long RECORDED_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	/** How many recent pauses are kept: more than a window of interest ever holds. */
	private static final int KEPT = 8;

	private static final JvmPauseWatch INSTANCE = new JvmPauseWatch(true);

	private volatile long lastTickNanos = System.nanoTime();

	/** End of the most recent recorded pause, {@link Long#MIN_VALUE} before the first. */
	private volatile long lastPauseEndNanos = Long.MIN_VALUE;

	/** Recent pauses as pairs (end, length) in nanoTime, newest last; never mutated. */
	private volatile long[] recent = new long[0];

	/**
	 * Creates a watch.
	 * @param watching whether its thread runs; without it, only {@link #observe} moves it
	 * (tests)
	 */
	JvmPauseWatch(boolean watching) {
		if (watching) {
			Thread thread = new Thread(this::watch, "sessiongrid-pause-watch");
			thread.setDaemon(true);
			thread.start();
		}
	}

	/**
	 * Returns the watch of this JVM, started on first use.
	 * @return the watch
	 */
	static JvmPauseWatch get() {
		return INSTANCE;
	}

	/**
	 * Tells whether the JVM stood still for at least {@code minLength} at some point
	 * after {@code sinceNanos}, counting a pause that is still being noticed: when the
	 * watch itself has not woken for that long, the JVM has just resumed from one (or is
	 * so starved that its node cannot answer the cluster either).
	 * @param sinceNanos a {@link System#nanoTime()} value
	 * @param minLength the shortest pause that counts, in nanoseconds
	 * @return the length of the longest such pause in milliseconds, or 0 when there was
	 * none
	 */
	long pausedSince(long sinceNanos, long minLength) {
		long now = System.nanoTime();
		long sinceTick = now - this.lastTickNanos;
		if (sinceTick >= minLength) {
			return TimeUnit.NANOSECONDS.toMillis(sinceTick);
		}
		if (this.lastPauseEndNanos - sinceNanos < 0) {
			return 0;
		}
		long[] pauses = this.recent;
		long longest = 0;
		for (int i = 0; i < pauses.length; i += 2) {
			if (pauses[i] - sinceNanos >= 0 && pauses[i + 1] >= minLength) {
				longest = Math.max(longest, pauses[i + 1]);
			}
		}
		return TimeUnit.NANOSECONDS.toMillis(longest);
	}

	private void watch() {
		while (true) {
			try {
				Thread.sleep(TICK_MILLIS);
			}
			catch (InterruptedException ex) {
				// a daemon of the JVM: nobody stops it, an interrupt is not a reason to
				Thread.interrupted();
			}
			observe(System.nanoTime());
		}
	}

	/**
	 * One wake-up of the watch: a pause is recorded when it came much later than one tick
	 * after the previous one.
	 * @param now the time of the wake-up, as {@link System#nanoTime()}
	 */
	void observe(long now) {
		long late = now - this.lastTickNanos - TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
		if (late >= RECORDED_NANOS) {
			record(now, late);
		}
		this.lastTickNanos = now;
	}

	private void record(long end, long length) {
		long[] pauses = this.recent;
		long[] next = (pauses.length < 2 * KEPT) ? Arrays.copyOf(pauses, pauses.length + 2)
				: Arrays.copyOfRange(pauses, 2, pauses.length + 2);
		next[next.length - 2] = end;
		next[next.length - 1] = length;
		this.recent = next;
		this.lastPauseEndNanos = end;
		logger.warn("This JVM stood still for {} ms: a thread that sleeps {} ms woke up that much late",
				TimeUnit.NANOSECONDS.toMillis(length), TICK_MILLIS);
	}

}
