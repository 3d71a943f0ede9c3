package dev.sessiongrid.ignite;

import java.util.ArrayList;
import java.util.List;

import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbered sessions for failover tests: written through one node, checked one by one
 * through another.
 */
public final class TestSessions {

	private TestSessions() {
	}

	/**
	 * Writes {@code count} sessions, the i-th with attribute {@code n = i}, and returns
	 * their ids in order.
	 */
	public static List<String> write(IgniteSessionRepository repository, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			IgniteSession session = repository.createSession();
			session.setAttribute("n", i);
			repository.save(session);
			ids.add(session.getId());
		}
		return ids;
	}

	/** Asserts that every session of {@link #write} is there with its own attribute. */
	public static void assertAllReadable(IgniteSessionRepository repository, List<String> ids) {
		for (int i = 0; i < ids.size(); i++) {
			IgniteSession found = repository.findById(ids.get(i));
			assertThat(found).as("session %d", i).isNotNull();
			assertThat(found.<Integer>getAttribute("n")).isEqualTo(i);
		}
	}

}
