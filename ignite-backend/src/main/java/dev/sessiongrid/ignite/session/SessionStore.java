package dev.sessiongrid.ignite.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import javax.cache.expiry.ExpiryPolicy;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteIllegalStateException;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.internal.IgniteEx;
import org.jspecify.annotations.Nullable;

/**
 * The stored data of a repository and the rules that keep it consistent: the sessions
 * cache (one {@link SessionRecord} per session id), the {@link PrincipalIndex} beside it,
 * the {@link MemoryGuard} of new sessions and the {@link SessionExpiryListener}. Every
 * cache call goes through a {@link GuardedCache}, so a lost partition is reported as
 * {@link SessionDataLostException} whichever call meets it.
 * <p>
 * Knows nothing of Spring Session: the repository decides what to write, this class how.
 */
final class SessionStore implements AutoCloseable {

	private final Ignite ignite;

	private final GuardedCache<SessionRecord> sessions;

	private final PrincipalIndex principalIndex;

	private final MemoryGuard memoryGuard;

	private final SessionExpiryListener expiryListener;

	private SessionStore(Ignite ignite, IgniteCache<String, SessionRecord> sessions,
			IgniteCache<String, HashSet<String>> index, BiConsumer<String, SessionRecord> onExpired) {
		this.ignite = ignite;
		this.sessions = new GuardedCache<>(ignite, sessions, (id) -> "Session " + SessionIds.abbreviate(id));
		this.principalIndex = new PrincipalIndex(new GuardedCache<>(ignite, index,
				(name) -> "The index entry of principal " + SessionIds.abbreviate(name)));
		this.memoryGuard = new MemoryGuard(ignite, sessions.getConfiguration(CacheConfiguration.class));
		this.expiryListener = new SessionExpiryListener(ignite, sessions, (id, record) -> {
			unindex(id, record);
			onExpired.accept(id, record);
		});
	}

	/**
	 * Creates the caches in the cluster if needed and starts listening to expiry.
	 * @param onExpired called on the event thread with each expired session, once it is
	 * out of the index
	 */
	static SessionStore open(Ignite ignite, String cacheName, int backups,
			BiConsumer<String, SessionRecord> onExpired) {
		SessionStore store = new SessionStore(ignite,
				SessionCaches.getOrCreate(ignite, SessionCaches.sessions(cacheName, backups)),
				SessionCaches.getOrCreate(ignite, SessionCaches.principalIndex(cacheName, backups)), onExpired);
		try {
			store.expiryListener.start();
		}
		catch (RuntimeException ex) {
			store.close();
			throw ex;
		}
		return store;
	}

	/**
	 * Tells whether the node of this store is still running: a failure after it stopped
	 * says nothing of the data.
	 */
	boolean nodeRunning() {
		try {
			// by identity: a fresh node may have taken the same instance name
			return Ignition.ignite(this.ignite.name()) == this.ignite
					&& !((IgniteEx) this.ignite).context().isStopping();
		}
		catch (IgniteIllegalStateException ex) {
			return false;
		}
	}

	IgniteCache<String, SessionRecord> cache() {
		return this.sessions.unwrap();
	}

	/**
	 * Returns a session's record unless it is absent or expired; an expired one is
	 * removed.
	 * @param now the current time in epoch milliseconds
	 */
	@Nullable SessionRecord findLive(String id, long now) {
		SessionRecord record = this.sessions.get(id);
		if (record != null && record.isExpired(now)) {
			removeIfExpired(id, now);
			return null;
		}
		return record;
	}

	/**
	 * Stores a new session unless its id is taken.
	 * @param memoryHint where the node's session memory is set, for the message of a
	 * refusal
	 * @return whether it was stored
	 * @throws SessionStoreFullException when the node's session memory is too full for a
	 * new session
	 */
	boolean insert(String id, SessionRecord record, ExpiryPolicy expiry, @Nullable String memoryHint) {
		this.memoryGuard.checkRoomForNewSession(record.attributeBytes(), memoryHint);
		return this.principalIndex.change(id, null, id, record.getPrincipalName(),
				() -> this.sessions.putIfAbsent(id, record, expiry));
	}

	/**
	 * Applies a delta on the session's primary copy.
	 * @param oldPrincipal the principal before the delta, {@code newPrincipal} after it
	 * @return whether it applied: {@code false} when the session is gone, which is not
	 * resurrected
	 */
	boolean update(String id, SessionDelta delta, @Nullable String oldPrincipal, @Nullable String newPrincipal,
			ExpiryPolicy expiry) {
		return this.principalIndex.change(id, oldPrincipal, id, newPrincipal,
				() -> this.sessions.update(id, delta, expiry));
	}

	/**
	 * Moves a session to a new id with a delta applied: copy first, then remove the old
	 * entry, so that there is no moment when the session exists under neither id.
	 * @return the record stored under the new id, or {@code null} when the session is
	 * gone (not resurrected)
	 * @throws IllegalStateException when the new id is taken
	 */
	@Nullable SessionRecord move(String oldId, String newId, SessionDelta delta, ExpiryPolicy expiry) {
		SessionRecord stored = this.sessions.get(oldId);
		if (stored == null) {
			return null;
		}
		SessionRecord moved = delta.applyTo(stored);
		boolean created = this.principalIndex.change(oldId, stored.getPrincipalName(), newId, moved.getPrincipalName(),
				() -> {
					if (!this.sessions.putIfAbsent(newId, moved, expiry)) {
						return false;
					}
					this.sessions.remove(oldId);
					return true;
				});
		if (!created) {
			throw duplicateId(newId);
		}
		return moved;
	}

	/**
	 * Removes a session and takes it out of the index.
	 * @return the removed record, or {@code null} if there was none
	 */
	@Nullable SessionRecord remove(String id) {
		SessionRecord removed = this.sessions.getAndRemove(id);
		if (removed != null) {
			unindex(id, removed);
		}
		return removed;
	}

	/**
	 * Removes a session a read found expired, unless another node did first; the one that
	 * removed it hands it to the expiry handler, so its event is published once.
	 */
	private void removeIfExpired(String id, long now) {
		SessionRecord removed = this.sessions.invoke(id, new RemoveIfExpired(now));
		if (removed != null) {
			this.expiryListener.expired(id, removed);
		}
	}

	/**
	 * Returns the records of a principal's live sessions, by id in index order. On the
	 * way, drops the index's stale ids (sessions gone or now of another principal) and
	 * removes the sessions found expired.
	 * @param now the current time in epoch milliseconds
	 */
	Map<String, SessionRecord> findByPrincipal(String principal, long now) {
		Set<String> ids = this.principalIndex.sessionIds(principal);
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<String, SessionRecord> records = this.sessions.getAll(new HashSet<>(ids));
		Map<String, SessionRecord> result = new LinkedHashMap<>();
		List<String> stale = new ArrayList<>();
		for (String id : ids) {
			SessionRecord record = records.get(id);
			if (record == null || !principal.equals(record.getPrincipalName())) {
				stale.add(id);
			}
			else if (record.isExpired(now)) {
				removeIfExpired(id, now);
			}
			else {
				result.put(id, record);
			}
		}
		this.principalIndex.removeAll(principal, stale);
		return result;
	}

	private void unindex(String id, SessionRecord record) {
		String principal = record.getPrincipalName();
		if (principal != null) {
			this.principalIndex.remove(principal, id);
		}
	}

	static IllegalStateException duplicateId(String id) {
		return new IllegalStateException("Session id " + SessionIds.abbreviate(id)
				+ " is already taken: the SessionIdGenerator produced a duplicate");
	}

	/**
	 * Stops listening to expiry, after the expired sessions already heard were handled.
	 */
	@Override
	public void close() {
		this.expiryListener.close();
	}

}
