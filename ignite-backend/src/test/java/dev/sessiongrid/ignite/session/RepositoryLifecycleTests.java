package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.cache.expiry.ModifiedExpiryPolicy;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.session.events.SessionExpiredEvent;

import dev.sessiongrid.ignite.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Nothing happens before {@link IgniteSessionRepository#start}: no cache, no event
 * thread, no expiry listener, so no expiry is heard before the publisher and the
 * observers are set (before, the constructor started the listener, and an expiry in that
 * window was published to nobody).
 */
class RepositoryLifecycleTests {

	private static final String CACHE = "lifecycle";

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void constructingTouchesNeitherTheClusterNorThreads() {
		Ignite node = this.cluster.start();
		IgniteSessionRepository repository = this.cluster.closeWithCluster(new IgniteSessionRepository(node, CACHE, 0));

		assertThat(node.cacheNames()).doesNotContain(CACHE, CACHE + SessionCaches.PRINCIPAL_INDEX_SUFFIX);
		assertThat(eventThreads(node)).isEmpty();

		repository.start();
		assertThat(node.cacheNames()).contains(CACHE, CACHE + SessionCaches.PRINCIPAL_INDEX_SUFFIX);
	}

	@Test
	void usingARepositoryBeforeStartFailsSayingSo() {
		Ignite node = this.cluster.start();
		IgniteSessionRepository repository = this.cluster.closeWithCluster(new IgniteSessionRepository(node, CACHE, 0));

		assertThatIllegalStateException().isThrownBy(repository::createSession).withMessageContaining("not started");
		assertThatIllegalStateException().isThrownBy(() -> repository.findById("some-id"))
			.withMessageContaining("not started")
			.withMessageContaining("start()");
		assertThatIllegalStateException().isThrownBy(() -> repository.deleteById("some-id"))
			.withMessageContaining("not started");
		assertThatIllegalStateException().isThrownBy(() -> repository.findByPrincipalName("alice"))
			.withMessageContaining("not started");
		assertThatIllegalStateException().isThrownBy(repository::getSessionCache).withMessageContaining("not started");
	}

	@Test
	void anExpiryBeforeStartIsNotConsumedAndOneAfterStartReachesThePublisherSetBeforeIt() {
		Ignite node = this.cluster.start();
		// A session stored by another node earlier, expiring while this repository is
		// being configured.
		node.getOrCreateCache(SessionCaches.principalIndex(CACHE, 0)).put("erin", new HashSet<>(Set.of("early")));
		node.getOrCreateCache(SessionCaches.sessions(CACHE, 0))
			.withExpiryPolicy(new ModifiedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 500)))
			.put("early", new SessionRecord(0, System.currentTimeMillis(), 500, "erin", new HashMap<>()));
		IgniteSessionRepository repository = this.cluster.closeWithCluster(new IgniteSessionRepository(node, CACHE, 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> node.cache(CACHE).size() == 0);

		List<SessionExpiredEvent> events = new CopyOnWriteArrayList<>();
		repository.setApplicationEventPublisher((event) -> {
			if (event instanceof SessionExpiredEvent expired) {
				events.add(expired);
			}
		});
		repository.start();

		// Nobody listened yet, so nobody consumed it: the index still names it, and a
		// lookup drops it as stale.
		assertThat(indexedIds(node, "erin")).containsExactly("early");
		assertThat(repository.findByPrincipalName("erin")).isEmpty();
		assertThat(indexedIds(node, "erin")).isEmpty();
		IgniteSession late = repository.createSession();
		late.setMaxInactiveInterval(Duration.ofMillis(500));
		repository.save(late);
		await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
		assertThat(events).extracting(SessionExpiredEvent::getSessionId).containsExactly(late.getId());
	}

	@Test
	void startTwiceIsOneStartAndCloseIsFinal() {
		Ignite node = this.cluster.start();
		IgniteSessionRepository repository = new IgniteSessionRepository(node, CACHE, 0);
		repository.afterPropertiesSet();
		repository.start();
		assertThat(eventThreadsAfterUse(repository, node)).hasSize(1);

		repository.close();
		repository.destroy();

		assertThatIllegalStateException().isThrownBy(() -> repository.findById("some-id"))
			.withMessageContaining("closed");
		assertThatIllegalStateException().isThrownBy(repository::start).withMessageContaining("closed");
		await().atMost(Duration.ofSeconds(10)).until(() -> eventThreads(node).isEmpty());
	}

	/**
	 * The event thread starts with its first task: a session found expired by a read is
	 * one.
	 */
	private static List<Thread> eventThreadsAfterUse(IgniteSessionRepository repository, Ignite node) {
		IgniteSession session = repository.createSession();
		session.setLastAccessedTime(session.getLastAccessedTime().minus(Duration.ofHours(1)));
		repository.save(session);
		assertThat(repository.findById(session.getId())).isNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> !eventThreads(node).isEmpty());
		return eventThreads(node);
	}

	private static List<Thread> eventThreads(Ignite node) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("sessiongrid-events-" + node.name()))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Set<String> indexedIds(Ignite node, String principal) {
		Object ids = node.cache(CACHE + SessionCaches.PRINCIPAL_INDEX_SUFFIX).get(principal);
		return (ids != null) ? Set.copyOf((Set<String>) ids) : Set.of();
	}

}
