package dev.sessiongrid.ignite.session;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An update whose answer Ignite lost (a {@code null} from {@code invoke} while the
 * primary copy moved) is applied again until it answers, and is not acknowledged when it
 * never does; a definite answer is taken as it is, the first time.
 */
class LostUpdateAnswerTests {

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void aDefiniteAnswerIsTakenTheFirstTime() {
		assertThat(GuardedCache.definitely(() -> "Session id", answers(Boolean.FALSE))).isFalse();
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void aLostAnswerIsAskedForAgainByApplyingTheUpdateAgain() {
		assertThat(GuardedCache.definitely(() -> "Session id", answers(null, Boolean.TRUE))).isTrue();
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void anUpdateThatNeverAnswersIsNotAcknowledged() {
		Boolean[] lost = new Boolean[GuardedCache.UPDATE_ATTEMPTS];
		assertThatExceptionOfType(SessionStoreUnavailableException.class)
			.isThrownBy(() -> GuardedCache.definitely(() -> "Session abcdef", answers(lost)))
			.withMessageContaining("Session abcdef")
			.withMessageContaining("not acknowledged");
		assertThat(this.calls).hasValue(GuardedCache.UPDATE_ATTEMPTS);
	}

	private Supplier<Boolean> answers(Boolean... answers) {
		Deque<Boolean[]> left = new ArrayDeque<>();
		Arrays.stream(answers).forEach((answer) -> left.add(new Boolean[] { answer }));
		return () -> {
			this.calls.incrementAndGet();
			return left.remove()[0];
		};
	}

}
