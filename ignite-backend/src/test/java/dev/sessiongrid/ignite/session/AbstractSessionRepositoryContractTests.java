package dev.sessiongrid.ignite.session;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEvent;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSession;
import org.springframework.session.SaveMode;
import org.springframework.session.UuidSessionIdGenerator;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.WriteKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The Spring Session repository contract, modelled on the cases of Spring Session's own
 * JDBC, Redis and Hazelcast integration tests. Subclasses run it on one node and on a
 * cluster: sessions are written through {@link #writer} and read and updated through
 * {@link #reader}, which on a cluster are different nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractSessionRepositoryContractTests {

	static final String PRINCIPAL = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

	private TestCluster cluster;

	private final List<IgniteSessionRepository> repositories = new ArrayList<>();

	/** Every write any repository sent to the cache, as its observers heard it. */
	private final List<Write> writes = new CopyOnWriteArrayList<>();

	/** Every event published by any node, with the node that published it. */
	private final List<Map.Entry<String, ApplicationEvent>> events = new CopyOnWriteArrayList<>();

	IgniteSessionRepository writer;

	IgniteSessionRepository reader;

	abstract int nodeCount();

	@BeforeAll
	void startCluster() {
		this.cluster = new TestCluster();
		for (Ignite node : this.cluster.start(nodeCount())) {
			IgniteSessionRepository repository = new IgniteSessionRepository(node, "contract-sessions", 1);
			repository.setApplicationEventPublisher(
					(event) -> this.events.add(Map.entry(node.name(), (ApplicationEvent) event)));
			repository.addObserver(new SessionRepositoryObserver() {
				@Override
				public void onWrite(WriteKind kind, int attributes, long bytes) {
					AbstractSessionRepositoryContractTests.this.writes.add(new Write(kind, attributes, bytes));
				}
			});
			repository.start();
			this.repositories.add(repository);
		}
		this.writer = this.repositories.get(0);
		this.reader = this.repositories.get(this.repositories.size() - 1);
	}

	@AfterAll
	void stopCluster() {
		this.repositories.forEach(IgniteSessionRepository::close);
		this.cluster.close();
	}

	@BeforeEach
	void reset() {
		this.writer.getSessionCache().clear();
		this.cluster.nodes().get(0).cache("contract-sessions" + SessionCaches.PRINCIPAL_INDEX_SUFFIX).clear();
		for (IgniteSessionRepository repository : this.repositories) {
			repository.setFlushMode(FlushMode.ON_SAVE);
			repository.setSaveMode(SaveMode.ON_SET_ATTRIBUTE);
			repository.setDefaultMaxInactiveInterval(MapSession.DEFAULT_MAX_INACTIVE_INTERVAL);
			repository.setUnreadableAttributePolicy(UnreadableAttributePolicy.SKIP);
			repository.setMaxSessionSize(IgniteSessionRepository.DEFAULT_MAX_SESSION_SIZE);
		}
		this.events.clear();
		this.writes.clear();
	}

	// --- save and find

	@Test
	void savedSessionWithoutAttributesCanBeFoundOnAnotherNode() {
		IgniteSession session = this.writer.createSession();
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());

		assertThat(found).isNotNull();
		assertThat(found.getId()).isEqualTo(session.getId());
		assertThat(found.getAttributeNames()).isEmpty();
		assertThat(found.getCreationTime()).isEqualTo(session.getCreationTime());
		assertThat(found.getMaxInactiveInterval()).isEqualTo(MapSession.DEFAULT_MAX_INACTIVE_INTERVAL);
	}

	@Test
	void savedAttributesAreAllVisibleOnAnotherNode() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("cart", new ArrayList<>(List.of("apple", "pear")));
		session.setAttribute("count", 42);
		session.setAttribute("when", Instant.parse("2026-01-01T00:00:00Z"));
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());

		assertThat(found.getAttributeNames()).containsExactlyInAnyOrder("cart", "count", "when");
		assertThat(found.<List<String>>getAttribute("cart")).containsExactly("apple", "pear");
		assertThat(found.<Integer>getAttribute("count")).isEqualTo(42);
		assertThat(found.<Instant>getAttribute("when")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
	}

	@Test
	void findByIdOfUnknownSessionIsNull() {
		assertThat(this.reader.findById("no-such-session")).isNull();
	}

	@Test
	void malformedIdsAreNotSessionsAndDoNotFail() {
		assertThat(this.reader.findById("")).isNull();
		assertThat(this.reader.findById("x".repeat(SessionIds.MAX_LENGTH + 1))).isNull();
		assertThat(this.reader.findById("bad id\n")).isNull();
		this.reader.deleteById("bad id\n");
		// what a hostile cookie decodes to: 10 KB, quotes and separators, a NUL,
		// non-ASCII
		for (String id : List.of("x".repeat(10 * 1024), "\"';,=\\", "nul\u0000id", "caf\u00e9", "\ud83c\udf6a")) {
			assertThat(this.reader.findById(id)).as("id %s", SessionIds.abbreviate(id)).isNull();
			this.reader.deleteById(id);
		}
	}

	@Test
	void savingWithMalformedIdFromGeneratorFailsNamingTheProblem() {
		this.writer.setSessionIdGenerator(() -> "has space");
		try {
			IgniteSession session = this.writer.createSession();
			assertThatIllegalArgumentException().isThrownBy(() -> this.writer.save(session))
				.withMessageContaining("not well formed");
		}
		finally {
			this.writer.setSessionIdGenerator(UuidSessionIdGenerator.getInstance());
		}
	}

	@Test
	void customSessionIdGeneratorIsUsedForNewAndChangedIds() {
		int[] counter = { 0 };
		this.writer.setSessionIdGenerator(() -> "custom-" + (++counter[0]));
		try {
			IgniteSession session = this.writer.createSession();
			assertThat(session.getId()).isEqualTo("custom-1");
			this.writer.save(session);
			assertThat(session.changeSessionId()).isEqualTo("custom-2");
			this.writer.save(session);
			assertThat(this.reader.findById("custom-2")).isNotNull();
		}
		finally {
			this.writer.setSessionIdGenerator(UuidSessionIdGenerator.getInstance());
		}
	}

	@Test
	void updatingOneAttributeKeepsTheOthers() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		session.setAttribute("b", "2");
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());
		found.setAttribute("a", "changed");
		this.reader.save(found);

		IgniteSession again = this.writer.findById(session.getId());
		assertThat(again.<String>getAttribute("a")).isEqualTo("changed");
		assertThat(again.<String>getAttribute("b")).isEqualTo("2");
	}

	@Test
	void removedAttributeIsGoneEverywhere() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		session.setAttribute("b", "2");
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());
		found.removeAttribute("a");
		this.reader.save(found);

		assertThat(this.writer.findById(session.getId()).getAttributeNames()).containsExactly("b");
	}

	@Test
	void settingNullRemovesTheAttribute() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());
		found.setAttribute("a", null);
		assertThat(found.getAttributeNames()).isEmpty();
		this.reader.save(found);

		assertThat(this.writer.findById(session.getId()).getAttributeNames()).isEmpty();
	}

	@Test
	void attributeNamesAreACopy() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		Set<String> names = session.getAttributeNames();
		names.clear();
		session.setAttribute("b", "2");

		assertThat(names).isEmpty();
		assertThat(session.getAttributeNames()).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void addedThenRemovedAttributeIsNeverWritten() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("keep", "1");
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());
		found.setAttribute("temp", "x");
		found.removeAttribute("temp");
		this.writes.clear();
		this.reader.save(found);

		assertThat(this.writes).isEmpty();
		found.setAttribute("temp", "y");
		found.removeAttribute("temp");
		// a touch beyond the touch interval, so that this save writes, and sends the
		// access time only
		found.setLastAccessedTime(found.getLastAccessedTime().plusSeconds(60));
		this.reader.save(found);
		assertThat(this.writes).containsExactly(new Write(WriteKind.UPDATE, 0, 0));
		assertThat(this.writer.findById(session.getId()).getAttributeNames()).containsExactly("keep");
	}

	@Test
	void lastAccessedTimeAndIntervalUpdatesAreSaved() {
		IgniteSession session = this.writer.createSession();
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());
		Instant later = found.getLastAccessedTime().plusSeconds(10);
		found.setLastAccessedTime(later);
		found.setMaxInactiveInterval(Duration.ofMinutes(5));
		this.reader.save(found);

		IgniteSession again = this.writer.findById(session.getId());
		assertThat(again.getLastAccessedTime()).isEqualTo(later);
		assertThat(again.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void aRecordOnceReadIsNeverChangedByLaterSaves() {
		// records are handed out without a copy (on-heap cache, copyOnRead=false): a save
		// must build a new one
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		this.writer.save(session);
		SessionRecord before = this.reader.getSessionCache().get(session.getId());
		long lastAccessed = before.getLastAccessedTime();
		byte[] bytesBefore = before.getAttributes().get("a").clone();

		IgniteSession found = this.reader.findById(session.getId());
		found.setAttribute("a", "2");
		found.setAttribute("b", "3");
		found.setLastAccessedTime(found.getLastAccessedTime().plusSeconds(60));
		found.setMaxInactiveInterval(Duration.ofMinutes(5));
		this.reader.save(found);

		assertThat(this.reader.getSessionCache().get(session.getId()).getAttributes()).containsKeys("a", "b");
		assertThat(before.getLastAccessedTime()).isEqualTo(lastAccessed);
		assertThat(before.getMaxInactiveMillis()).isEqualTo(MapSession.DEFAULT_MAX_INACTIVE_INTERVAL.toMillis());
		assertThat(before.getAttributes()).containsOnlyKeys("a");
		assertThat(before.getAttributes().get("a")).isEqualTo(bytesBefore);
	}

	// --- delete and resurrection

	@Test
	void deletedSessionIsGoneAndPublishesOneDeletedEvent() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		this.writer.save(session);

		this.reader.deleteById(session.getId());

		assertThat(this.writer.findById(session.getId())).isNull();
		assertThat(eventsOf(SessionDeletedEvent.class)).hasSize(1);
		assertThat(eventsOf(SessionDeletedEvent.class).get(0).<IgniteSession>getSession().<String>getAttribute("a"))
			.isEqualTo("1");
	}

	@Test
	void saveAfterDeleteDoesNotResurrectTheSession() {
		IgniteSession session = this.writer.createSession();
		this.writer.save(session);
		IgniteSession stale = this.reader.findById(session.getId());

		this.writer.deleteById(session.getId());
		stale.setAttribute("late", "write");
		this.reader.save(stale);

		assertThat(this.writer.findById(session.getId())).isNull();
		assertThat(this.reader.findById(session.getId())).isNull();
	}

	@Test
	void principalSetByASaveOfADeletedSessionIsNotLeftInTheIndex() {
		String id = sessionWith("a", "1");
		IgniteSession stale = this.reader.findById(id);
		this.writer.deleteById(id);
		stale.setAttribute(PRINCIPAL, "zoe");
		this.reader.save(stale);

		assertThat(this.writer.findById(id)).isNull();
		assertThat(indexedIds("zoe")).isEmpty();
	}

	@Test
	void deletingUnknownSessionPublishesNothing() {
		this.reader.deleteById("never-existed");
		assertThat(eventsOf(SessionDeletedEvent.class)).isEmpty();
	}

	// --- concurrent copies

	@Test
	void twoStaleCopiesWritingDifferentAttributesBothSurvive() {
		IgniteSession session = this.writer.createSession();
		this.writer.save(session);
		IgniteSession first = this.writer.findById(session.getId());
		IgniteSession second = this.reader.findById(session.getId());

		first.setAttribute("fromFirst", "1");
		second.setAttribute("fromSecond", "2");
		this.writer.save(first);
		this.reader.save(second);

		IgniteSession found = this.writer.findById(session.getId());
		assertThat(found.<String>getAttribute("fromFirst")).isEqualTo("1");
		assertThat(found.<String>getAttribute("fromSecond")).isEqualTo("2");
	}

	@Test
	void concurrentUpdatesOfDistinctAttributesLoseNothing() throws Exception {
		IgniteSession session = this.writer.createSession();
		this.writer.save(session);
		String id = session.getId();
		int threads = 8;
		int updates = 200;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			IgniteSessionRepository repository = this.repositories.get(t % this.repositories.size());
			futures.add(pool.submit(() -> {
				for (int u = 0; u < updates; u++) {
					IgniteSession copy = repository.findById(id);
					copy.setAttribute("t" + thread + "-" + u, u);
					repository.save(copy);
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(120, TimeUnit.SECONDS);
		}
		pool.shutdown();

		IgniteSession found = this.reader.findById(id);
		assertThat(found.getAttributeNames()).hasSize(threads * updates);
		assertThat(found.<Integer>getAttribute("t7-199")).isEqualTo(199);
	}

	// --- save modes

	@Test
	void onSetAttributeDoesNotWriteBackAttributesThatWereOnlyRead() {
		String id = sessionWith("shared", "original");
		IgniteSession readOnly = this.reader.findById(id);
		IgniteSession writer = this.writer.findById(id);

		readOnly.getAttribute("shared");
		writer.setAttribute("shared", "changed");
		this.writer.save(writer);
		this.reader.save(readOnly);

		assertThat(this.writer.findById(id).<String>getAttribute("shared")).isEqualTo("changed");
	}

	@Test
	void onGetAttributeWritesBackAttributesThatWereRead() {
		this.reader.setSaveMode(SaveMode.ON_GET_ATTRIBUTE);
		String id = sessionWith("shared", "original");
		IgniteSession readOnly = this.reader.findById(id);
		IgniteSession writer = this.writer.findById(id);

		readOnly.getAttribute("shared");
		writer.setAttribute("shared", "changed");
		this.writer.save(writer);
		this.writes.clear();
		this.reader.save(readOnly);

		assertThat(this.writes).extracting(Write::kind, Write::attributes).containsExactly(tuple(WriteKind.UPDATE, 1));

		assertThat(this.writer.findById(id).<String>getAttribute("shared")).isEqualTo("original");
	}

	@Test
	void alwaysWritesEveryAttribute() {
		this.reader.setSaveMode(SaveMode.ALWAYS);
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		session.setAttribute("b", "2");
		this.writer.save(session);
		IgniteSession copy = this.reader.findById(session.getId());
		IgniteSession other = this.writer.findById(session.getId());

		other.setAttribute("b", "changed");
		this.writer.save(other);
		this.writes.clear();
		this.reader.save(copy);

		assertThat(this.writes).extracting(Write::kind, Write::attributes).containsExactly(tuple(WriteKind.UPDATE, 2));

		assertThat(this.writer.findById(session.getId()).<String>getAttribute("b")).isEqualTo("2");
	}

	@Test
	void onSetAttributeSendsOnlyTheChangedAttribute() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("big", "x".repeat(10_000));
		session.setAttribute("small", "y");
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());
		found.getAttribute("big");
		found.setAttribute("small", "z");
		this.writes.clear();
		this.reader.save(found);

		assertThat(this.writes).hasSize(1);
		assertThat(this.writes.get(0).kind()).isEqualTo(WriteKind.UPDATE);
		assertThat(this.writes.get(0).attributes()).isOne();
		assertThat(this.writes.get(0).bytes()).isPositive().isLessThan(100);
		assertThat(this.writer.findById(session.getId()).<String>getAttribute("big")).hasSize(10_000);
	}

	@Test
	void newSessionIsWrittenWholeAndAnIdChangeMovesTheWholeRecord() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("big", "x".repeat(10_000));
		this.writer.save(session);
		session.changeSessionId();
		this.writer.save(session);

		assertThat(this.writes).extracting(Write::kind, Write::attributes)
			.containsExactly(tuple(WriteKind.INSERT, 1), tuple(WriteKind.MOVE, 1));
		assertThat(this.writes).allSatisfy((write) -> assertThat(write.bytes()).isGreaterThan(10_000));
	}

	// --- flush modes

	@Test
	void immediateFlushWritesOnEveryChange() {
		this.writer.setFlushMode(FlushMode.IMMEDIATE);
		IgniteSession session = this.writer.createSession();
		assertThat(this.reader.findById(session.getId())).isNotNull();

		session.setAttribute("a", "1");
		assertThat(this.reader.findById(session.getId()).<String>getAttribute("a")).isEqualTo("1");

		session.removeAttribute("a");
		assertThat(this.reader.findById(session.getId()).getAttributeNames()).isEmpty();

		session.setMaxInactiveInterval(Duration.ofMinutes(7));
		assertThat(this.reader.findById(session.getId()).getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(7));
	}

	@Test
	void onSaveFlushWritesNothingBeforeSave() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("a", "1");
		assertThat(this.reader.findById(session.getId())).isNull();
	}

	// --- change of id

	@Test
	void changedIdMovesTheSessionWithItsAttributes() {
		String id = sessionWith("a", "1");
		IgniteSession found = this.reader.findById(id);
		String newId = found.changeSessionId();
		this.reader.save(found);

		assertThat(this.writer.findById(id)).isNull();
		assertThat(this.writer.findById(newId).<String>getAttribute("a")).isEqualTo("1");
	}

	@Test
	void changedIdAndAttributeAreSavedTogether() {
		String id = sessionWith("a", "1");
		IgniteSession found = this.reader.findById(id);
		String newId = found.changeSessionId();
		found.setAttribute("b", "2");
		this.reader.save(found);

		IgniteSession moved = this.writer.findById(newId);
		assertThat(moved.<String>getAttribute("a")).isEqualTo("1");
		assertThat(moved.<String>getAttribute("b")).isEqualTo("2");
	}

	@Test
	void idChangedTwiceBeforeSaveEndsUnderTheLastId() {
		String id = sessionWith("a", "1");
		IgniteSession found = this.reader.findById(id);
		String middle = found.changeSessionId();
		String last = found.changeSessionId();
		this.reader.save(found);

		assertThat(this.writer.findById(id)).isNull();
		assertThat(this.writer.findById(middle)).isNull();
		assertThat(this.writer.findById(last)).isNotNull();
	}

	@Test
	void idChangedAndSavedTwice() {
		String id = sessionWith("a", "1");
		IgniteSession found = this.reader.findById(id);
		String middle = found.changeSessionId();
		this.reader.save(found);
		String last = found.changeSessionId();
		this.reader.save(found);

		assertThat(this.writer.findById(id)).isNull();
		assertThat(this.writer.findById(middle)).isNull();
		assertThat(this.writer.findById(last).<String>getAttribute("a")).isEqualTo("1");
	}

	@Test
	void idChangeOfNewSessionBeforeFirstSave() {
		IgniteSession session = this.writer.createSession();
		String first = session.getId();
		String changed = session.changeSessionId();
		this.writer.save(session);

		assertThat(this.reader.findById(first)).isNull();
		assertThat(this.reader.findById(changed)).isNotNull();
	}

	@Test
	void idChangeOfDeletedSessionDoesNotResurrectIt() {
		String id = sessionWith("a", "1");
		IgniteSession found = this.reader.findById(id);
		this.writer.deleteById(id);
		String newId = found.changeSessionId();
		this.reader.save(found);

		assertThat(this.writer.findById(newId)).isNull();
	}

	@Test
	void idChangePublishesNeitherCreatedNorDeleted() {
		String id = sessionWith("a", "1");
		this.events.clear();
		IgniteSession found = this.reader.findById(id);
		found.changeSessionId();
		this.reader.save(found);

		assertThat(this.events).isEmpty();
	}

	@Test
	void createdSessionPublishesOneCreatedEvent() {
		IgniteSession session = this.writer.createSession();
		this.writer.save(session);
		session.setAttribute("a", "1");
		this.writer.save(session);

		assertThat(eventsOf(SessionCreatedEvent.class)).hasSize(1);
		assertThat(eventsOf(SessionCreatedEvent.class).get(0).getSessionId()).isEqualTo(session.getId());
	}

	// --- principal index

	@Test
	void findByPrincipalNameFindsTheSessionsOfThatPrincipalOnly() {
		String alice1 = sessionWith(PRINCIPAL, "alice");
		String alice2 = sessionWith(PRINCIPAL, "alice");
		sessionWith(PRINCIPAL, "bob");

		Map<String, IgniteSession> found = this.reader.findByPrincipalName("alice");

		assertThat(found).containsOnlyKeys(alice1, alice2);
		assertThat(this.reader.findByIndexNameAndIndexValue("other-index", "alice")).isEmpty();
	}

	@Test
	void principalFromSpringSecurityContextIsIndexed() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new FakeSecurityContext("carol"));
		this.writer.save(session);

		assertThat(this.reader.findByPrincipalName("carol")).containsOnlyKeys(session.getId());
	}

	@Test
	void principalChangeMovesTheSessionInTheIndex() {
		String id = sessionWith(PRINCIPAL, "alice");
		IgniteSession found = this.reader.findById(id);
		found.setAttribute(PRINCIPAL, "bob");
		this.reader.save(found);

		assertThat(this.writer.findByPrincipalName("alice")).isEmpty();
		assertThat(this.writer.findByPrincipalName("bob")).containsOnlyKeys(id);
	}

	@Test
	void principalRemovalTakesTheSessionOutOfTheIndex() {
		String id = sessionWith(PRINCIPAL, "alice");
		IgniteSession found = this.reader.findById(id);
		found.removeAttribute(PRINCIPAL);
		this.reader.save(found);

		assertThat(this.writer.findByPrincipalName("alice")).isEmpty();
		assertThat(indexedIds("alice")).isEmpty();
	}

	@Test
	void principalIndexKeepsTheSessionWhenOtherAttributesChange() {
		String id = sessionWith(PRINCIPAL, "alice");
		IgniteSession found = this.reader.findById(id);
		found.setAttribute("other", "x");
		this.reader.save(found);

		assertThat(this.writer.findByPrincipalName("alice")).containsOnlyKeys(id);
	}

	@Test
	void principalIndexFollowsIdChange() {
		String id = sessionWith(PRINCIPAL, "alice");
		IgniteSession found = this.reader.findById(id);
		String newId = found.changeSessionId();
		this.reader.save(found);

		assertThat(this.writer.findByPrincipalName("alice")).containsOnlyKeys(newId);
		assertThat(indexedIds("alice")).containsExactly(newId);
	}

	@Test
	void deleteTakesTheSessionOutOfTheIndex() {
		String id = sessionWith(PRINCIPAL, "alice");
		this.reader.deleteById(id);

		assertThat(this.writer.findByPrincipalName("alice")).isEmpty();
		assertThat(indexedIds("alice")).isEmpty();
	}

	// --- expiry

	@Test
	void expiredSessionIsNeverReturnedAndPublishesOneExpiredEvent() {
		IgniteSession session = this.writer.createSession();
		session.setMaxInactiveInterval(Duration.ofMillis(1500));
		session.setAttribute(PRINCIPAL, "dave");
		this.writer.save(session);
		assertThat(this.reader.findById(session.getId())).isNotNull();

		await().atMost(Duration.ofSeconds(15)).until(() -> !eventsOf(SessionExpiredEvent.class).isEmpty());
		assertThat(this.reader.findById(session.getId())).isNull();
		assertThat(this.writer.getSessionCache().size()).isZero();
		// Give any duplicate from another copy time to arrive before counting.
		await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
		assertThat(eventsOf(SessionExpiredEvent.class)).hasSize(1);
		assertThat(eventsOf(SessionExpiredEvent.class).get(0).getSessionId()).isEqualTo(session.getId());
		await().atMost(Duration.ofSeconds(5)).until(() -> indexedIds("dave").isEmpty());
	}

	@Test
	void manySessionsExpiringPublishExactlyOneEventEach() {
		int count = 50;
		for (int i = 0; i < count; i++) {
			IgniteSession session = this.writer.createSession();
			session.setMaxInactiveInterval(Duration.ofSeconds(1));
			this.writer.save(session);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(SessionExpiredEvent.class).size() >= count);
		await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
		assertThat(eventsOf(SessionExpiredEvent.class)).hasSize(count);
		assertThat(eventsOf(SessionExpiredEvent.class).stream().map(AbstractSessionEvent::getSessionId).distinct())
			.hasSize(count);
	}

	@Test
	void expiryIsExtendedByEveryWrite() {
		IgniteSession session = this.writer.createSession();
		session.setMaxInactiveInterval(Duration.ofSeconds(3));
		this.writer.save(session);
		for (int i = 0; i < 4; i++) {
			await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
			IgniteSession found = this.reader.findById(session.getId());
			assertThat(found).as("still there after %d s", i + 1).isNotNull();
			found.setLastAccessedTime(Instant.now());
			this.reader.save(found);
		}
		assertThat(eventsOf(SessionExpiredEvent.class)).isEmpty();
	}

	@Test
	void readsCheckExpiryEvenBeforeTheGridExpiresTheEntry() {
		IgniteSession session = this.writer.createSession();
		session.setLastAccessedTime(Instant.now().minus(Duration.ofMinutes(31)));
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		this.writer.save(session);

		assertThat(this.reader.findById(session.getId())).isNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(SessionExpiredEvent.class).size() == 1);
	}

	@Test
	void negativeIntervalNeverExpires() {
		this.writer.setDefaultMaxInactiveInterval(Duration.ofSeconds(-1));
		IgniteSession session = this.writer.createSession();
		session.setLastAccessedTime(Instant.now().minus(Duration.ofDays(365)));
		this.writer.save(session);

		IgniteSession found = this.reader.findById(session.getId());
		assertThat(found).isNotNull();
		assertThat(found.isExpired()).isFalse();
		assertThat(found.getMaxInactiveInterval().isNegative()).isTrue();
	}

	@Test
	void defaultMaxInactiveIntervalAppliesToNewSessions() {
		this.writer.setDefaultMaxInactiveInterval(Duration.ofMinutes(3));
		IgniteSession session = this.writer.createSession();
		this.writer.save(session);

		assertThat(this.reader.findById(session.getId()).getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(3));
	}

	// --- bad input

	@Test
	void nullIdsAreRefusedNamingTheArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.findById(null))
			.withMessage("id must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.deleteById(null))
			.withMessage("id must not be null");
	}

	@Test
	void nonSerializableAttributeIsRefusedWhereItIsSet() {
		IgniteSession session = this.writer.createSession();
		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> session.setAttribute("thing", new Object()))
			.withMessageContaining("'thing'")
			.withMessageContaining("java.lang.Object");
	}

	@Test
	void nestedNonSerializableValueFailsTheSaveAndLeavesTheStoredSessionAlone() {
		String id = sessionWith("a", "1");
		IgniteSession found = this.reader.findById(id);
		ArrayList<Object> list = new ArrayList<>();
		list.add(new Object());
		found.setAttribute("a", "2");
		found.setAttribute("list", list);

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> this.reader.save(found))
			.withMessageContaining("'list'");
		assertThat(this.writer.findById(id).<String>getAttribute("a")).isEqualTo("1");
	}

	@Test
	void oversizedSessionIsRefusedAndNothingIsWritten() {
		this.reader.setMaxSessionSize(10_000);
		String id = sessionWith("a", "1");
		IgniteSession found = this.reader.findById(id);
		found.setAttribute("a", "2");
		found.setAttribute("huge", "x".repeat(20_000));

		this.writes.clear();
		assertThatExceptionOfType(SessionTooLargeException.class).isThrownBy(() -> this.reader.save(found))
			.withMessageContaining("huge")
			.withMessageContaining("maximum session size of 10000 bytes")
			.withMessageNotContaining("sessiongrid.")
			.satisfies((ex) -> assertThat(ex.getMaxSize()).isEqualTo(10_000))
			.satisfies((ex) -> assertThat(ex.getSize()).isGreaterThan(20_000));
		assertThat(this.writes).isEmpty();
		assertThat(this.writer.findById(id).<String>getAttribute("a")).isEqualTo("1");
	}

	@Test
	void limitHintNamesWhereTheLimitIsSet() {
		this.reader.setMaxSessionSize(1_000);
		this.reader.setLimitHints("set by the test's limit", null);
		try {
			IgniteSession session = this.reader.createSession();
			session.setAttribute("huge", "x".repeat(2_000));
			assertThatExceptionOfType(SessionTooLargeException.class).isThrownBy(() -> this.reader.save(session))
				.withMessageContaining("maximum session size of 1000 bytes (set by the test's limit)");
		}
		finally {
			this.reader.setLimitHints(null, null);
		}
	}

	@Test
	void unreadableAttributeOnlyAffectsItselfAndIsKeptBySkip() {
		String id = storedWithGarbage();
		IgniteSession found = this.reader.findById(id);

		assertThat(found.<Object>getAttribute("broken")).isNull();
		assertThat(found.<String>getAttribute("fine")).isEqualTo("ok");
		found.setAttribute("other", "x");
		this.reader.save(found);

		assertThat(this.writer.getSessionCache().get(id).getAttributes()).containsKeys("broken", "fine", "other");
	}

	@Test
	void unreadableAttributeIsDroppedByRemove() {
		this.reader.setUnreadableAttributePolicy(UnreadableAttributePolicy.REMOVE);
		String id = storedWithGarbage();
		IgniteSession found = this.reader.findById(id);

		assertThat(found.<Object>getAttribute("broken")).isNull();
		this.reader.save(found);

		assertThat(this.writer.getSessionCache().get(id).getAttributes()).containsOnlyKeys("fine");
	}

	@Test
	void unreadableAttributeFailsTheReadByFail() {
		this.reader.setUnreadableAttributePolicy(UnreadableAttributePolicy.FAIL);
		String id = storedWithGarbage();
		IgniteSession found = this.reader.findById(id);

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> found.getAttribute("broken"))
			.withMessageContaining("'broken'");
		assertThat(found.<String>getAttribute("fine")).isEqualTo("ok");
	}

	@Test
	void attributeOfAClassOutsideTheAllowListIsSkippedAndNamedInTheLog() {
		ListAppender<ILoggingEvent> log = capture(UnreadableAttributePolicy.class);
		try {
			String id = storedWithForeign();
			IgniteSession found = this.reader.findById(id);

			assertThat(found.<Object>getAttribute("foreign")).isNull();
			assertThat(found.<String>getAttribute("fine")).isEqualTo("ok");
			assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
				.anySatisfy((message) -> assertThat(message).contains("'foreign'")
					.contains("class " + ForeignValue.class.getName() + " is not on the allowed classes"));
			found.setAttribute("other", "x");
			this.reader.save(found);
			assertThat(this.writer.getSessionCache().get(id).getAttributes()).containsKeys("foreign", "fine", "other");
		}
		finally {
			release(UnreadableAttributePolicy.class, log);
		}
	}

	@Test
	void attributeOfAClassOutsideTheAllowListIsDroppedByRemove() {
		this.reader.setUnreadableAttributePolicy(UnreadableAttributePolicy.REMOVE);
		String id = storedWithForeign();
		IgniteSession found = this.reader.findById(id);

		assertThat(found.<Object>getAttribute("foreign")).isNull();
		assertThat(found.<String>getAttribute("fine")).isEqualTo("ok");
		this.reader.save(found);

		assertThat(this.writer.getSessionCache().get(id).getAttributes()).containsOnlyKeys("fine");
	}

	// --- helpers

	String sessionWith(String name, Object value) {
		IgniteSession session = this.writer.createSession();
		session.setAttribute(name, value);
		this.writer.save(session);
		return session.getId();
	}

	/**
	 * A session whose attribute "foreign" holds a class the default filter refuses:
	 * writes are not filtered (the class is the application's own), reads are.
	 */
	private String storedWithForeign() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("fine", "ok");
		session.setAttribute("foreign", new ForeignValue("x"));
		this.writer.save(session);
		return session.getId();
	}

	private static ListAppender<ILoggingEvent> capture(Class<?> loggerOf) {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		((Logger) LoggerFactory.getLogger(loggerOf)).addAppender(appender);
		return appender;
	}

	private static void release(Class<?> loggerOf, ListAppender<ILoggingEvent> appender) {
		((Logger) LoggerFactory.getLogger(loggerOf)).detachAppender(appender);
	}

	/** Not on the default allow-list: this package is not the application's. */
	record ForeignValue(String text) implements Serializable {
	}

	private String storedWithGarbage() {
		IgniteSession session = this.writer.createSession();
		session.setAttribute("fine", "ok");
		this.writer.save(session);
		SessionRecord record = this.writer.getSessionCache().get(session.getId());
		Map<String, byte[]> attributes = new HashMap<>(record.getAttributes());
		attributes.put("broken", new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r', 0, 3, 'x', 'y', 'z' });
		this.writer.getSessionCache()
			.put(session.getId(), new SessionRecord(record.getCreationTime(), record.getLastAccessedTime(),
					record.getMaxInactiveMillis(), null, attributes));
		return session.getId();
	}

	Set<String> indexedIds(String principal) {
		Object ids = this.cluster.nodes()
			.get(0)
			.cache("contract-sessions" + SessionCaches.PRINCIPAL_INDEX_SUFFIX)
			.get(principal);
		return (ids != null) ? Set.copyOf((Set<String>) ids) : Set.of();
	}

	<E extends AbstractSessionEvent> List<E> eventsOf(Class<E> type) {
		return this.events.stream().map(Map.Entry::getValue).filter(type::isInstance).map(type::cast).toList();
	}

	TestCluster cluster() {
		return this.cluster;
	}

	List<IgniteSessionRepository> repositories() {
		return this.repositories;
	}

	/**
	 * One write to the cache, as {@link SessionRepositoryObserver#onWrite} reports it.
	 */
	record Write(WriteKind kind, int attributes, long bytes) {
	}

	/**
	 * Shaped like Spring Security's context, which the principal resolver reads as
	 * {@code authentication.name}.
	 */
	public static final class FakeSecurityContext implements Serializable {

		private final Authentication authentication;

		FakeSecurityContext(String name) {
			this.authentication = new Authentication(name);
		}

		public Authentication getAuthentication() {
			return this.authentication;
		}

		public static final class Authentication implements Serializable {

			private final String name;

			Authentication(String name) {
				this.name = name;
			}

			public String getName() {
				return this.name;
			}

		}

	}

}
