package dev.sessiongrid.ignite.session;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small entry processors of the principal index and of expiry, and the id rules,
 * without a cluster.
 */
class EntryProcessorTests {

	// --- the principal's set of session ids

	@Test
	void addingTheFirstIdCreatesThePrincipalsSet() {
		InMemoryEntry<HashSet<String>> entry = new InMemoryEntry<>("alice", null);

		assertThat(new PrincipalIndex.Update("s1", true).process(entry)).isTrue();
		assertThat(entry.getValue()).containsExactly("s1");
	}

	@Test
	void addingAnIdAlreadyThereChangesNothing() {
		HashSet<String> ids = new HashSet<>(Set.of("s1"));
		InMemoryEntry<HashSet<String>> entry = new InMemoryEntry<>("alice", ids);

		assertThat(new PrincipalIndex.Update("s1", true).process(entry)).isFalse();
		assertThat(entry.getValue()).isSameAs(ids);
	}

	@Test
	void removingAnIdKeepsTheOthersAndDoesNotChangeTheStoredSetInPlace() {
		HashSet<String> ids = new HashSet<>(Set.of("s1", "s2"));
		InMemoryEntry<HashSet<String>> entry = new InMemoryEntry<>("alice", ids);

		assertThat(new PrincipalIndex.Update("s1", false).process(entry)).isTrue();
		assertThat(entry.getValue()).containsExactly("s2");
		// the stored value may be the cache's own copy: it is replaced, never mutated
		assertThat(ids).containsExactlyInAnyOrder("s1", "s2");
	}

	@Test
	void removingTheLastIdRemovesTheEntry() {
		InMemoryEntry<HashSet<String>> entry = new InMemoryEntry<>("alice", new HashSet<>(Set.of("s1")));

		assertThat(new PrincipalIndex.Update("s1", false).process(entry)).isTrue();
		assertThat(entry.exists()).isFalse();
	}

	@Test
	void removingFromAPrincipalWithoutSessionsCreatesNothing() {
		InMemoryEntry<HashSet<String>> entry = new InMemoryEntry<>("nobody", null);

		assertThat(new PrincipalIndex.Update("s1", false).process(entry)).isFalse();
		assertThat(entry.exists()).isFalse();
	}

	// --- remove-if-expired

	@Test
	void expiredSessionIsRemovedAndHandedToTheCaller() {
		SessionRecord record = new SessionRecord(0, 1_000, 500, null, Map.of());
		InMemoryEntry<SessionRecord> entry = new InMemoryEntry<>("s1", record);

		assertThat(new RemoveIfExpired(1_500).process(entry)).isSameAs(record);
		assertThat(entry.exists()).isFalse();
	}

	@Test
	void sessionStillLiveIsKept() {
		SessionRecord record = new SessionRecord(0, 1_000, 500, null, Map.of());
		InMemoryEntry<SessionRecord> entry = new InMemoryEntry<>("s1", record);

		assertThat(new RemoveIfExpired(1_499).process(entry)).isNull();
		assertThat(entry.getValue()).isSameAs(record);
	}

	@Test
	void sessionThatNeverExpiresIsKept() {
		InMemoryEntry<SessionRecord> entry = new InMemoryEntry<>("s1", new SessionRecord(0, 0, -1, null, Map.of()));

		assertThat(new RemoveIfExpired(Long.MAX_VALUE).process(entry)).isNull();
		assertThat(entry.exists()).isTrue();
	}

	@Test
	void sessionGoneAlreadyIsHandedToNobody() {
		InMemoryEntry<SessionRecord> entry = new InMemoryEntry<>("s1", null);

		assertThat(new RemoveIfExpired(1_000).process(entry)).isNull();
		assertThat(entry.exists()).isFalse();
	}

	// --- session ids

	@Test
	void wellFormedIdsArePrintableAsciiOfAtMostTheMaximumLength() {
		assertThat(SessionIds.isWellFormed("0b7e-4f2a")).isTrue();
		assertThat(SessionIds.isWellFormed("x".repeat(SessionIds.MAX_LENGTH))).isTrue();
		assertThat(SessionIds.isWellFormed(null)).isFalse();
		assertThat(SessionIds.isWellFormed("")).isFalse();
		assertThat(SessionIds.isWellFormed("x".repeat(SessionIds.MAX_LENGTH + 1))).isFalse();
		assertThat(SessionIds.isWellFormed("has space")).isFalse();
		assertThat(SessionIds.isWellFormed("tab\t")).isFalse();
		assertThat(SessionIds.isWellFormed("del\u007f")).isFalse();
		assertThat(SessionIds.isWellFormed("é")).isFalse();
	}

	@Test
	void abbreviatedIdsNeverShowAUsableId() {
		assertThat(SessionIds.abbreviate(null)).isEqualTo("null");
		assertThat(SessionIds.abbreviate("short")).isEqualTo("****");
		String id = "0b7e4f2a-1111-2222-3333-444455556666";
		assertThat(SessionIds.abbreviate(id)).startsWith("0b7e")
			.doesNotContain(id.substring(4, 12))
			.contains(id.length() + " chars");
	}

}
