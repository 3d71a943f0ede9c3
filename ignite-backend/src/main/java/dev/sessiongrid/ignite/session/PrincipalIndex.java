package dev.sessiongrid.ignite.session;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.cache.processor.MutableEntry;

import org.apache.ignite.cache.CacheEntryProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Finds the sessions of a principal without scanning all sessions: a second partitioned
 * cache keyed by principal name whose value is the set of that principal's session ids.
 * <p>
 * The index is a superset of the truth: it is written before a session gains a principal
 * and cleaned after it loses one, so it may briefly name a session that no longer belongs
 * to the principal but never misses one that does. Readers check every id against the
 * session itself and drop stale ids.
 */
final class PrincipalIndex {

	private final GuardedCache<HashSet<String>> cache;

	PrincipalIndex(GuardedCache<HashSet<String>> cache) {
		this.cache = cache;
	}

	/**
	 * Runs a write that changes a session from {@code oldId} owned by
	 * {@code oldPrincipal} to {@code newId} owned by {@code newPrincipal} (a new session
	 * has no old principal; either principal may be absent), keeping the index a superset
	 * around it: the new pair is indexed before the write, the old pair is dropped once
	 * the write applied, and the new pair is dropped again when the write did not apply
	 * and this call had added it. When the write throws, nothing is dropped: it may have
	 * applied, and a stale id costs a reader one check while a missing one would hide a
	 * session.
	 * @param write the cache write; {@code false} when it did not apply
	 * @return what the write returned
	 */
	boolean change(String oldId, @Nullable String oldPrincipal, String newId, @Nullable String newPrincipal,
			BooleanSupplier write) {
		boolean same = oldId.equals(newId) && Objects.equals(oldPrincipal, newPrincipal);
		boolean added = !same && newPrincipal != null && add(newPrincipal, newId);
		boolean applied = write.getAsBoolean();
		if (!applied) {
			if (added) {
				remove(newPrincipal, newId);
			}
			return false;
		}
		if (!same && oldPrincipal != null) {
			remove(oldPrincipal, oldId);
		}
		return true;
	}

	/**
	 * Drops a session that is gone (deleted or expired) from its principal's set.
	 */
	void remove(String principal, String sessionId) {
		this.cache.invoke(principal, new Update(sessionId, false));
	}

	void removeAll(String principal, Collection<String> sessionIds) {
		for (String id : sessionIds) {
			remove(principal, id);
		}
	}

	Set<String> sessionIds(String principal) {
		HashSet<String> ids = this.cache.get(principal);
		return (ids != null) ? ids : Set.of();
	}

	private boolean add(String principal, String sessionId) {
		// When Ignite lost the first answer and the add is applied again, the second
		// answers false (already there): a write that then fails leaves the id in the
		// set, a stale id, which readers drop.
		return this.cache.update(principal, new Update(sessionId, true), null);
	}

	/**
	 * Adds or removes one session id in a principal's set, on the node that owns the set;
	 * the entry is removed with its last id so the index does not grow with principals
	 * who have no sessions. Returns whether the set changed.
	 */
	static final class Update implements CacheEntryProcessor<String, HashSet<String>, Boolean> {

		private static final long serialVersionUID = 1L;

		private final String sessionId;

		private final boolean add;

		Update(String sessionId, boolean add) {
			this.sessionId = sessionId;
			this.add = add;
		}

		@Override
		public Boolean process(MutableEntry<String, HashSet<String>> entry, Object... arguments) {
			HashSet<String> ids = entry.exists() ? new HashSet<>(entry.getValue()) : new HashSet<>();
			boolean changed = this.add ? ids.add(this.sessionId) : ids.remove(this.sessionId);
			if (ids.isEmpty()) {
				if (entry.exists()) {
					entry.remove();
				}
			}
			else if (changed) {
				entry.setValue(ids);
			}
			return changed;
		}

	}

}
