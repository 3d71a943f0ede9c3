package dev.sessiongrid.ignite.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.WriteKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A save that only touches a session writes once the stored access time is a touch lag
 * behind: min(touch interval, 5% of the session's interval). The stored time, which reads
 * and the entry's expiry follow, lags the real one by less than that, so the session
 * expires at most that much early; anything else a save changes writes at once. Runs on a
 * clock of its own, so that the lag is shown to the millisecond.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TouchIntervalTests {

	private static final Duration TOUCH = Duration.ofSeconds(10);

	private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

	private final TestCluster cluster = new TestCluster();

	private final SettableClock clock = new SettableClock();

	private final List<WriteKind> writes = new CopyOnWriteArrayList<>();

	private IgniteSessionRepository repository;

	@BeforeAll
	void startNode() {
		this.repository = this.cluster.repository(this.cluster.start(), "touch-sessions", 0);
		this.repository.setClock(this.clock);
		this.repository.addObserver(new SessionRepositoryObserver() {
			@Override
			public void onWrite(WriteKind kind, int attributes, long bytes) {
				TouchIntervalTests.this.writes.add(kind);
			}
		});
	}

	@AfterAll
	void stopNode() {
		this.cluster.close();
	}

	@BeforeEach
	void reset() {
		this.repository.setTouchInterval(TOUCH);
		this.repository.getSessionCache().clear();
		this.clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
		this.writes.clear();
	}

	@Test
	void touchWithinTheLagIsNotWrittenAndTheSessionExpiresAtMostTheLagEarly() {
		Instant created = this.clock.instant();
		String id = saved(THIRTY_MINUTES);

		this.clock.advance(Duration.ofSeconds(9));
		Instant touched = touch(id);
		assertThat(this.writes).isEmpty();
		assertThat(this.repository.findById(id).getLastAccessedTime()).isEqualTo(created);

		// the real last access plus the interval is when it should expire; the stored one
		// says 9 s earlier
		this.clock.set(created.plus(THIRTY_MINUTES).minusMillis(1));
		assertThat(this.repository.findById(id)).isNotNull();
		this.clock.set(created.plus(THIRTY_MINUTES));
		assertThat(this.repository.findById(id)).isNull();
		Duration early = Duration.between(this.clock.instant(), touched.plus(THIRTY_MINUTES));
		assertThat(early).isEqualTo(Duration.ofSeconds(9)).isLessThan(TOUCH);
	}

	@Test
	void touchOnceTheLagIsReachedIsWritten() {
		String id = saved(THIRTY_MINUTES);

		this.clock.advance(TOUCH);
		Instant touched = touch(id);

		assertThat(this.writes).containsExactly(WriteKind.UPDATE);
		assertThat(this.repository.findById(id).getLastAccessedTime()).isEqualTo(touched);
		this.clock.set(touched.plus(THIRTY_MINUTES).minusMillis(1));
		assertThat(this.repository.findById(id)).isNotNull();
	}

	@Test
	void lagIsMeasuredFromTheStoredTimeNotFromTheLastSkippedTouch() {
		Instant created = this.clock.instant();
		String id = saved(THIRTY_MINUTES);
		for (int i = 0; i < 3; i++) {
			this.clock.advance(Duration.ofSeconds(4));
			touch(id);
		}
		// touches at 4 s and 8 s were skipped; the one at 12 s is beyond 10 s from the
		// stored time
		assertThat(this.writes).containsExactly(WriteKind.UPDATE);
		assertThat(this.repository.findById(id).getLastAccessedTime()).isEqualTo(created.plusSeconds(12));
	}

	@Test
	void shortIntervalBoundsTheLagToFivePercentOfIt() {
		Duration twoSeconds = Duration.ofSeconds(2);
		assertThat(this.repository.touchLag(twoSeconds)).isEqualTo(Duration.ofMillis(100));
		Instant created = this.clock.instant();
		String id = saved(twoSeconds);

		this.clock.advance(Duration.ofMillis(99));
		touch(id);
		assertThat(this.writes).isEmpty();
		assertThat(this.repository.findById(id).getLastAccessedTime()).isEqualTo(created);

		this.clock.advance(Duration.ofMillis(1));
		Instant touched = touch(id);
		assertThat(this.writes).containsExactly(WriteKind.UPDATE);
		assertThat(this.repository.findById(id).getLastAccessedTime()).isEqualTo(touched);
	}

	@Test
	void lagIsTheSmallerOfTheTouchIntervalAndFivePercent() {
		assertThat(this.repository.touchLag(THIRTY_MINUTES)).isEqualTo(TOUCH);
		assertThat(this.repository.touchLag(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.repository.touchLag(Duration.ofSeconds(-1))).isEqualTo(TOUCH);
		assertThat(this.repository.touchLag(Duration.ofMillis(2_500))).isEqualTo(Duration.ofMillis(125));
		assertThat(this.repository.touchLag(Duration.ofSeconds(7, 3))).isEqualTo(Duration.ofMillis(350));
		assertThat(this.repository.touchLag(Duration.ofNanos(19))).isZero();
		this.repository.setTouchInterval(Duration.ofSeconds(1));
		assertThat(this.repository.touchLag(THIRTY_MINUTES)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void zeroTouchIntervalWritesEveryTouch() {
		this.repository.setTouchInterval(Duration.ZERO);
		String id = saved(THIRTY_MINUTES);

		this.clock.advance(Duration.ofMillis(1));
		Instant touched = touch(id);

		assertThat(this.writes).containsExactly(WriteKind.UPDATE);
		assertThat(this.repository.findById(id).getLastAccessedTime()).isEqualTo(touched);
	}

	@Test
	void attributeChangeWithinTheLagIsWrittenAtOnceWithTheAccessTime() {
		String id = saved(THIRTY_MINUTES);
		this.clock.advance(Duration.ofSeconds(1));

		IgniteSession found = this.repository.findById(id);
		found.setLastAccessedTime(this.clock.instant());
		found.setAttribute("cart", "one item");
		this.repository.save(found);

		assertThat(this.writes).containsExactly(WriteKind.UPDATE);
		IgniteSession again = this.repository.findById(id);
		assertThat(again.<String>getAttribute("cart")).isEqualTo("one item");
		assertThat(again.getLastAccessedTime()).isEqualTo(this.clock.instant());
	}

	@Test
	void attributeRemovalWithinTheLagIsWrittenAtOnce() {
		IgniteSession session = this.repository.createSession();
		session.setAttribute("cart", "one item");
		this.repository.save(session);
		this.writes.clear();

		IgniteSession found = this.repository.findById(session.getId());
		found.setLastAccessedTime(this.clock.instant().plusMillis(1));
		found.removeAttribute("cart");
		this.repository.save(found);

		assertThat(this.writes).containsExactly(WriteKind.UPDATE);
		assertThat(this.repository.findById(session.getId()).getAttributeNames()).isEmpty();
	}

	@Test
	void intervalChangeWithinTheLagIsWrittenAtOnce() {
		String id = saved(THIRTY_MINUTES);

		IgniteSession found = this.repository.findById(id);
		found.setLastAccessedTime(this.clock.instant().plusMillis(1));
		found.setMaxInactiveInterval(Duration.ofMinutes(5));
		this.repository.save(found);

		assertThat(this.writes).containsExactly(WriteKind.UPDATE);
		assertThat(this.repository.findById(id).getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void idChangeWithinTheLagIsWrittenAtOnce() {
		String id = saved(THIRTY_MINUTES);

		IgniteSession found = this.repository.findById(id);
		found.setLastAccessedTime(this.clock.instant().plusMillis(1));
		String newId = found.changeSessionId();
		this.repository.save(found);

		assertThat(this.writes).containsExactly(WriteKind.MOVE);
		assertThat(this.repository.findById(id)).isNull();
		assertThat(this.repository.findById(newId)).isNotNull();
	}

	@Test
	void negativeTouchIntervalIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.repository.setTouchInterval(Duration.ofSeconds(-1)))
			.withMessageContaining("touchInterval must not be negative");
	}

	/**
	 * Saves a new session with the given interval and forgets its insert, returning its
	 * id.
	 */
	private String saved(Duration maxInactiveInterval) {
		IgniteSession session = this.repository.createSession();
		session.setMaxInactiveInterval(maxInactiveInterval);
		this.repository.save(session);
		this.writes.clear();
		return session.getId();
	}

	/**
	 * What Spring Session's filter does in a request that only reads: find, set the
	 * access time, save.
	 */
	private Instant touch(String id) {
		IgniteSession found = this.repository.findById(id);
		assertThat(found).isNotNull();
		Instant now = this.clock.instant();
		found.setLastAccessedTime(now);
		this.repository.save(found);
		return now;
	}

	/** A clock the test moves by hand. */
	private static final class SettableClock extends Clock {

		private volatile Instant instant = Instant.now();

		void set(Instant instant) {
			this.instant = instant;
		}

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

}
