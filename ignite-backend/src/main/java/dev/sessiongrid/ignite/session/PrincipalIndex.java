package dev.sessiongrid.ignite.session;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import javax.cache.processor.MutableEntry;

import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Finds the sessions of a principal without scanning all sessions: a second partitioned cache keyed by principal
 * name whose value is the set of that principal's session ids.
 * <p>
 * The index is written before a session gains a principal and cleaned after it loses one, so it may briefly name
 * a session that no longer belongs to the principal but never misses one that does; readers check every id
 * against the session itself and drop stale ids.
 */
final class PrincipalIndex {

	private final IgniteCache<String, HashSet<String>> cache;

	PrincipalIndex(IgniteCache<String, HashSet<String>> cache) {
		this.cache = cache;
	}

	void add(String principal, String sessionId) {
		this.cache.invoke(principal, new Update(sessionId, true));
	}

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

	/**
	 * Adds or removes one session id in a principal's set, on the node that owns the set; the entry is removed with
	 * its last id so the index does not grow with principals who have no sessions.
	 */
	static final class Update implements CacheEntryProcessor<String, HashSet<String>, Void> {

		private static final long serialVersionUID = 1L;

		private final String sessionId;

		private final boolean add;

		Update(String sessionId, boolean add) {
			this.sessionId = sessionId;
			this.add = add;
		}

		@Override
		public Void process(MutableEntry<String, HashSet<String>> entry, Object... arguments) {
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
			return null;
		}

	}

}
