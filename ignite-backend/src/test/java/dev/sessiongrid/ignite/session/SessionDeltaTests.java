package dev.sessiongrid.ignite.session;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.cache.expiry.ExpiryPolicy;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.springframework.session.SaveMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge rules of {@link SessionDelta}, without a cluster: what a save sends, and what
 * applying it makes of the stored record.
 */
class SessionDeltaTests {

	private static final long CREATED = 1_000_000L;

	private final IgniteSessionRepository repository = repositoryWithoutNode();

	@Test
	void attributeAddedThenRemovedBeforeTheSaveSendsNothing() {
		IgniteSession session = stored(Map.of("keep", bytes("1")), null);
		session.setAttribute("temp", "x");
		session.removeAttribute("temp");

		SessionDelta delta = deltaOf(session);

		assertThat(delta.attributeCount()).isZero();
		assertThat(delta.applyTo(record(Map.of("keep", bytes("1")), null)).getAttributes()).containsOnlyKeys("keep");
	}

	@Test
	void storedAttributeRemovedIsRemovedAndOthersAreKept() {
		IgniteSession session = stored(Map.of("a", bytes("1"), "b", bytes("2")), null);
		session.removeAttribute("a");

		SessionDelta delta = deltaOf(session);

		assertThat(delta.attributeCount()).isOne();
		assertThat(delta.applyTo(record(Map.of("a", bytes("1"), "b", bytes("2")), null)).getAttributes())
			.containsOnlyKeys("b");
	}

	@Test
	void removedThenSetAgainIsWrittenNotRemoved() {
		IgniteSession session = stored(Map.of("a", bytes("1")), null);
		session.removeAttribute("a");
		session.setAttribute("a", "again");

		SessionRecord applied = deltaOf(session).applyTo(record(Map.of("a", bytes("1")), null));

		assertThat(applied.getAttributes()).containsOnlyKeys("a");
		assertThat(this.repository.getSerializer().deserialize("a", applied.getAttributes().get("a")))
			.isEqualTo("again");
	}

	@Test
	void onlyChangedAttributesAreSentAndAttributesSetByOthersMeanwhileSurvive() {
		IgniteSession session = stored(Map.of("big", bytes("x".repeat(10_000)), "small", bytes("y")), null);
		session.getAttribute("big");
		session.setAttribute("small", "z");

		SessionDelta delta = deltaOf(session);
		SessionRecord current = record(
				Map.of("big", bytes("x".repeat(10_000)), "small", bytes("y"), "other", bytes("set by another request")),
				null);

		assertThat(delta.attributeCount()).isOne();
		assertThat(delta.setAttributeBytes()).isLessThan(100);
		assertThat(delta.applyTo(current).getAttributes()).containsOnlyKeys("big", "small", "other");
	}

	@Test
	void onGetAttributeSendsWhatWasRead() {
		this.repository.setSaveMode(SaveMode.ON_GET_ATTRIBUTE);
		IgniteSession session = stored(Map.of("read", bytes("1"), "unread", bytes("2")), null);
		session.getAttribute("read");

		assertThat(deltaOf(session).attributeCount()).isOne();
	}

	@Test
	void lastAccessedTimeNeverMovesBack() {
		IgniteSession session = stored(Map.of(), null);
		session.setLastAccessedTime(Instant.ofEpochMilli(CREATED + 10));
		SessionRecord newer = new SessionRecord(CREATED, CREATED + 500, 60_000, null, Map.of());

		assertThat(deltaOf(session).applyTo(newer).getLastAccessedTime()).isEqualTo(CREATED + 500);
	}

	@Test
	void principalIsChangedOnlyWhenTheSessionChangedIt() {
		IgniteSession session = stored(Map.of(), "alice");
		SessionRecord changedMeanwhile = record(Map.of(), "bob");

		assertThat(SessionDelta.of(session, Map.of(), "alice").applyTo(changedMeanwhile).getPrincipalName())
			.isEqualTo("bob");
		assertThat(SessionDelta.of(session, Map.of(), "carol").applyTo(changedMeanwhile).getPrincipalName())
			.isEqualTo("carol");
		assertThat(SessionDelta.of(session, Map.of(), null).applyTo(changedMeanwhile).getPrincipalName()).isNull();
	}

	@Test
	void processorDoesNothingWhenTheEntryIsGone() {
		InMemoryEntry<SessionRecord> entry = new InMemoryEntry<>("id", null);

		assertThat(deltaOf(stored(Map.of(), null)).process(entry)).isFalse();
		assertThat(entry.exists()).isFalse();
	}

	@Test
	void processorPatchesTheEntryAndIsIdempotent() {
		IgniteSession session = stored(Map.of("a", bytes("1")), null);
		session.setAttribute("b", "2");
		session.removeAttribute("a");
		SessionDelta delta = deltaOf(session);
		InMemoryEntry<SessionRecord> entry = new InMemoryEntry<>("id", record(Map.of("a", bytes("1")), null));

		assertThat(delta.process(entry)).isTrue();
		assertThat(delta.process(entry)).isTrue();
		assertThat(entry.getValue().getAttributes()).containsOnlyKeys("b");
	}

	@Test
	void newRecordHoldsEveryAttributeAndThePrincipal() {
		IgniteSession session = new IgniteSession(this.repository, "new-id", Instant.ofEpochMilli(CREATED),
				Duration.ofMinutes(30));
		session.setAttribute("a", "1");

		SessionRecord record = SessionDelta
			.of(session, session.attributesToWrite(this.repository.getSerializer(), true), "alice")
			.toNewRecord(CREATED);

		assertThat(record.getCreationTime()).isEqualTo(CREATED);
		assertThat(record.getMaxInactiveMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
		assertThat(record.getPrincipalName()).isEqualTo("alice");
		assertThat(record.getAttributes()).containsOnlyKeys("a");
	}

	@Test
	void expiryIsWhatIsLeftOfTheIntervalAndNeverZero() {
		IgniteSession session = stored(Map.of(), null);
		session.setLastAccessedTime(Instant.ofEpochMilli(CREATED));
		session.setMaxInactiveInterval(Duration.ofSeconds(60));
		ExpiryPolicy policy = deltaOf(session).expiryPolicy(CREATED + 20_000);
		assertThat(policy.getExpiryForUpdate().getDurationAmount()).isEqualTo(40_000);
		assertThat(deltaOf(session).expiryPolicy(CREATED + 90_000).getExpiryForUpdate().getDurationAmount())
			.isEqualTo(1);

		session.setMaxInactiveInterval(Duration.ofSeconds(-1));
		assertThat(deltaOf(session).expiryPolicy(CREATED).getExpiryForUpdate().isEternal()).isTrue();
	}

	private SessionDelta deltaOf(IgniteSession session) {
		return SessionDelta.of(session, session.attributesToWrite(this.repository.getSerializer(),
				this.repository.getSaveMode() == SaveMode.ALWAYS), session.getStoredPrincipalName());
	}

	private IgniteSession stored(Map<String, byte[]> attributes, String principal) {
		return new IgniteSession(this.repository, "id", record(attributes, principal));
	}

	private static SessionRecord record(Map<String, byte[]> attributes, String principal) {
		return new SessionRecord(CREATED, CREATED, 60_000, principal, new LinkedHashMap<>(attributes));
	}

	private byte[] bytes(String value) {
		return this.repository.getSerializer().serialize("any", value);
	}

	/**
	 * A repository that is never started: sessions only read its settings, so no node is
	 * needed. Any call to the node fails the test.
	 */
	static IgniteSessionRepository repositoryWithoutNode() {
		Ignite ignite = (Ignite) Proxy.newProxyInstance(Ignite.class.getClassLoader(), new Class<?>[] { Ignite.class },
				(proxy, method, args) -> {
					switch (method.getName()) {
						case "name", "toString":
							return "no-node";
						case "hashCode":
							return System.identityHashCode(proxy);
						case "equals":
							return proxy == args[0];
						default:
					}
					throw new AssertionError("no node in this test: " + method);
				});
		return new IgniteSessionRepository(ignite, "unit", 1);
	}

}
