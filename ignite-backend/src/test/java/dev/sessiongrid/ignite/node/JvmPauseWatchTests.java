package dev.sessiongrid.ignite.node;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pause watch records a wake-up that came late as a pause, tells pauses of at least a
 * given length after a given time, and counts a pause it has not woken up from yet.
 */
class JvmPauseWatchTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final JvmPauseWatch watch = new JvmPauseWatch(false);

	@Test
	void aLateWakeUpIsAPauseOfTheTimeItCameLate() {
		long resumed = System.nanoTime();
		this.watch.observe(resumed - 5 * SECOND);
		this.watch.observe(resumed);

		long paused = this.watch.pausedSince(resumed - SECOND, 2 * SECOND);

		assertThat(paused).isBetween(4800L, 5000L);
	}

	@Test
	void aPauseThatEndedBeforeTheGivenTimeDoesNotCount() {
		long resumed = System.nanoTime();
		this.watch.observe(resumed - 5 * SECOND);
		this.watch.observe(resumed);

		assertThat(this.watch.pausedSince(resumed + 1, 2 * SECOND)).isZero();
	}

	@Test
	void aPauseShorterThanTheGivenLengthDoesNotCount() {
		long resumed = System.nanoTime();
		this.watch.observe(resumed - 5 * SECOND);
		this.watch.observe(resumed);

		assertThat(this.watch.pausedSince(resumed - SECOND, 6 * SECOND)).isZero();
	}

	@Test
	void wakeUpsOnTimeAreNoPause() {
		long now = System.nanoTime();
		for (int i = 20; i >= 0; i--) {
			this.watch.observe(now - i * TimeUnit.MILLISECONDS.toNanos(JvmPauseWatch.TICK_MILLIS));
		}

		assertThat(this.watch.pausedSince(now - 10 * SECOND, TimeUnit.MILLISECONDS.toNanos(200))).isZero();
	}

	@Test
	void aWatchThatHasNotWokenUpForLongCountsThePauseItIsIn() {
		this.watch.observe(System.nanoTime() - 3 * SECOND);

		assertThat(this.watch.pausedSince(System.nanoTime(), 2 * SECOND)).isGreaterThanOrEqualTo(3000L);
	}

}
