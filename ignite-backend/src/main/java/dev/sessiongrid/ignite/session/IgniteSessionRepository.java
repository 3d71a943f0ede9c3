package dev.sessiongrid.ignite.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.cache.CacheException;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.DelegatingIndexResolver;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.IndexResolver;
import org.springframework.session.MapSession;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.UuidSessionIdGenerator;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

import dev.sessiongrid.ignite.session.SessionRepositoryObserver.EventKind;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.Operation;

/**
 * A Spring Session repository that keeps sessions in a partitioned Ignite cache with backup copies.
 * <ul>
 * <li>New sessions are {@code putIfAbsent}; later saves send only what changed, applied on the primary copy by
 * {@link SessionDelta}; a session deleted meanwhile is never resurrected.</li>
 * <li>Each entry expires after its own session's maximum inactive interval, set again on every write; a negative
 * interval never expires. Reads check expiry too.</li>
 * <li>{@link #findByPrincipalName} reads a principal index instead of scanning.</li>
 * <li>Created and deleted events are published by the node that made the change, expired events by the node that
 * owns the primary copy: once in the whole cluster per event.</li>
 * </ul>
 */
public class IgniteSessionRepository implements FindByIndexNameSessionRepository<IgniteSession>, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IgniteSessionRepository.class);

	/** Default cap on a session's serialized size. */
	public static final long DEFAULT_MAX_SESSION_SIZE = 4L * 1024 * 1024;

	private final Ignite ignite;

	private final IgniteCache<String, SessionRecord> sessions;

	private final PrincipalIndex principalIndex;

	private final MemoryGuard memoryGuard;

	private final ExecutorService eventExecutor;

	private final QueryCursor<?> expiryQuery;

	private volatile ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private Duration defaultMaxInactiveInterval = MapSession.DEFAULT_MAX_INACTIVE_INTERVAL;

	private IndexResolver<Session> indexResolver = new DelegatingIndexResolver<>(new PrincipalNameIndexResolver<>());

	private SessionIdGenerator sessionIdGenerator = UuidSessionIdGenerator.getInstance();

	private FlushMode flushMode = FlushMode.ON_SAVE;

	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	private AttributeSerializer serializer = new JdkAttributeSerializer();

	private UnreadableAttributePolicy unreadableAttributePolicy = UnreadableAttributePolicy.SKIP;

	private long maxSessionSize = DEFAULT_MAX_SESSION_SIZE;

	private Clock clock = Clock.systemUTC();

	private SessionRepositoryObserver observer = SessionRepositoryObserver.NONE;

	/**
	 * Creates a repository over the named cache, creating it (and its principal index) in the cluster if needed.
	 * @param ignite a started server node
	 * @param cacheName the sessions cache name
	 * @param backups number of backup copies of each session
	 */
	public IgniteSessionRepository(Ignite ignite, String cacheName, int backups) {
		this.ignite = ignite;
		this.sessions = SessionCaches.getOrCreate(ignite, SessionCaches.sessions(cacheName, backups));
		this.memoryGuard = new MemoryGuard(ignite, this.sessions.getConfiguration(CacheConfiguration.class));
		this.principalIndex = new PrincipalIndex(
				SessionCaches.getOrCreate(ignite, SessionCaches.principalIndex(cacheName, backups)));
		this.eventExecutor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "sessiongrid-events-" + ignite.name());
			thread.setDaemon(true);
			return thread;
		});
		this.expiryQuery = this.sessions.query(expiryQuery());
	}

	// --- configuration

	/**
	 * Sets the publisher of session events; none are published by default.
	 * @param eventPublisher the publisher
	 */
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = Objects.requireNonNull(eventPublisher, "eventPublisher must not be null");
	}

	/**
	 * Sets the maximum inactive interval of new sessions; negative means they never expire.
	 * @param defaultMaxInactiveInterval the interval
	 */
	public void setDefaultMaxInactiveInterval(Duration defaultMaxInactiveInterval) {
		this.defaultMaxInactiveInterval = Objects.requireNonNull(defaultMaxInactiveInterval,
				"defaultMaxInactiveInterval must not be null");
	}

	public void setIndexResolver(IndexResolver<Session> indexResolver) {
		this.indexResolver = Objects.requireNonNull(indexResolver, "indexResolver must not be null");
	}

	public void setSessionIdGenerator(SessionIdGenerator sessionIdGenerator) {
		this.sessionIdGenerator = Objects.requireNonNull(sessionIdGenerator, "sessionIdGenerator must not be null");
	}

	public void setFlushMode(FlushMode flushMode) {
		this.flushMode = Objects.requireNonNull(flushMode, "flushMode must not be null");
	}

	public void setSaveMode(SaveMode saveMode) {
		this.saveMode = Objects.requireNonNull(saveMode, "saveMode must not be null");
	}

	public void setSerializer(AttributeSerializer serializer) {
		this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
	}

	public void setUnreadableAttributePolicy(UnreadableAttributePolicy policy) {
		this.unreadableAttributePolicy = Objects.requireNonNull(policy, "policy must not be null");
	}

	/**
	 * Sets the largest serialized size a session may have; a save over it throws {@link SessionTooLargeException}.
	 * @param maxSessionSize the limit in bytes, positive
	 */
	public void setMaxSessionSize(long maxSessionSize) {
		if (maxSessionSize <= 0) {
			throw new IllegalArgumentException("maxSessionSize must be positive, was " + maxSessionSize);
		}
		this.maxSessionSize = maxSessionSize;
	}

	/**
	 * Sets the clock used for access times and expiry; for tests.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Sets who hears of operations, sizes and events, e.g. a metrics binder.
	 * @param observer the observer
	 */
	public void setObserver(SessionRepositoryObserver observer) {
		this.observer = Objects.requireNonNull(observer, "observer must not be null");
	}

	public FlushMode getFlushMode() {
		return this.flushMode;
	}

	public SaveMode getSaveMode() {
		return this.saveMode;
	}

	public AttributeSerializer getSerializer() {
		return this.serializer;
	}

	public Duration getDefaultMaxInactiveInterval() {
		return this.defaultMaxInactiveInterval;
	}

	/**
	 * Returns the sessions cache, for metrics and tests.
	 * @return the cache
	 */
	public IgniteCache<String, SessionRecord> getSessionCache() {
		return this.sessions;
	}

	/**
	 * Returns the names of the caches this repository keeps data in: the sessions and the principal index.
	 * @return the cache names
	 */
	public List<String> getCacheNames() {
		return List.of(this.sessions.getName(), this.sessions.getName() + SessionCaches.PRINCIPAL_INDEX_SUFFIX);
	}

	/**
	 * Accepts the loss of partitions whose every copy is gone, so that their sessions read as absent again and new
	 * sessions can be stored in them. Until then they fail with {@link SessionDataLostException}.
	 */
	public void resetLostPartitions() {
		this.ignite.resetLostPartitions(getCacheNames());
		logger.warn("Lost partitions of {} reset: the sessions they held are gone", getCacheNames());
	}

	// --- SessionRepository

	@Override
	public IgniteSession createSession() {
		IgniteSession session = new IgniteSession(this, generateId(), now(), this.defaultMaxInactiveInterval);
		if (this.flushMode == FlushMode.IMMEDIATE) {
			save(session);
		}
		return session;
	}

	@Override
	public void save(IgniteSession session) {
		if (!session.hasChanges()) {
			return;
		}
		observe(Operation.SAVE, () -> {
			doSave(session);
			return null;
		});
	}

	private void doSave(IgniteSession session) {
		String id = session.getId();
		if (!SessionIds.isWellFormed(id)) {
			throw new IllegalArgumentException("Session id " + SessionIds.abbreviate(id)
					+ " is not well formed: 1 to " + SessionIds.MAX_LENGTH + " printable ASCII characters expected");
		}
		boolean all = session.isNew() || this.saveMode == SaveMode.ALWAYS;
		Map<String, byte[]> written = session.attributesToWrite(this.serializer, all);
		long size = checkSize(session);
		String oldPrincipal = session.getStoredPrincipalName();
		String principal = session.attributesChanged() ? resolvePrincipal(session) : oldPrincipal;
		if (session.isNew()) {
			insert(session, principal, written);
		}
		else if (!id.equals(session.getOriginalId())) {
			if (!move(session, principal, written)) {
				return;
			}
		}
		else {
			SessionDelta delta = new SessionDelta(session.getLastAccessedTime().toEpochMilli(),
					session.maxInactiveMillis(), !Objects.equals(principal, oldPrincipal), principal, written,
					session.removedNames());
			if (principal != null && !principal.equals(oldPrincipal)) {
				this.principalIndex.add(principal, id);
			}
			boolean applied = guard(id, () -> withExpiry(session).invoke(id, delta));
			if (!applied) {
				logger.debug("Session {} was deleted or expired before this save; not resurrected",
						SessionIds.abbreviate(id));
				if (principal != null && !principal.equals(oldPrincipal)) {
					this.principalIndex.remove(principal, id);
				}
				session.markSaved(oldPrincipal);
				return;
			}
			if (oldPrincipal != null && !oldPrincipal.equals(principal)) {
				this.principalIndex.remove(oldPrincipal, id);
			}
		}
		session.markSaved(principal);
		this.observer.onSessionSaved(size);
	}

	private void insert(IgniteSession session, @Nullable String principal, Map<String, byte[]> attributes) {
		String id = session.getId();
		SessionRecord record = session.toRecord(principal, attributes);
		this.memoryGuard.checkRoomForNewSession(record.attributeBytes());
		if (principal != null) {
			this.principalIndex.add(principal, id);
		}
		boolean created = guard(id, () -> withExpiry(session).putIfAbsent(id, record));
		if (!created) {
			throw new IllegalStateException("Session id " + SessionIds.abbreviate(id)
					+ " is already taken: the SessionIdGenerator produced a duplicate");
		}
		publish(new SessionCreatedEvent(this, session), EventKind.CREATED);
	}

	/**
	 * Moves a session to its new id: copy first, then remove the old entry, so that there is no moment when the
	 * session exists under neither id. Returns {@code false} when the session was deleted meanwhile.
	 */
	private boolean move(IgniteSession session, @Nullable String principal, Map<String, byte[]> written) {
		String oldId = session.getOriginalId();
		String newId = session.getId();
		SessionRecord stored = guard(oldId, () -> this.sessions.get(oldId));
		if (stored == null) {
			logger.debug("Session {} was deleted or expired before its id change was saved; not resurrected",
					SessionIds.abbreviate(oldId));
			session.markSaved(session.getStoredPrincipalName());
			return false;
		}
		SessionDelta delta = new SessionDelta(session.getLastAccessedTime().toEpochMilli(),
				session.maxInactiveMillis(), true, principal, written, session.removedNames());
		if (principal != null) {
			this.principalIndex.add(principal, newId);
		}
		boolean created = guard(newId, () -> withExpiry(session).putIfAbsent(newId, delta.applyTo(stored)));
		if (!created) {
			throw new IllegalStateException("Session id " + SessionIds.abbreviate(newId)
					+ " is already taken: the SessionIdGenerator produced a duplicate");
		}
		guard(oldId, () -> this.sessions.remove(oldId));
		String oldPrincipal = stored.getPrincipalName();
		if (oldPrincipal != null) {
			this.principalIndex.remove(oldPrincipal, oldId);
		}
		return true;
	}

	@Override
	public @Nullable IgniteSession findById(String id) {
		return observe(Operation.FIND, () -> doFindById(id));
	}

	private @Nullable IgniteSession doFindById(String id) {
		if (!SessionIds.isWellFormed(id)) {
			// Cookies are user input: a malformed one is just not a session, as with any unknown id.
			logger.debug("Ignoring malformed session id {}", SessionIds.abbreviate(id));
			return null;
		}
		SessionRecord record = guard(id, () -> this.sessions.get(id));
		if (record == null) {
			return null;
		}
		if (record.isExpired(now().toEpochMilli())) {
			removeExpired(id);
			return null;
		}
		return new IgniteSession(this, id, record);
	}

	@Override
	public void deleteById(String id) {
		observe(Operation.DELETE, () -> {
			doDeleteById(id);
			return null;
		});
	}

	private void doDeleteById(String id) {
		if (!SessionIds.isWellFormed(id)) {
			return;
		}
		SessionRecord removed = guard(id, () -> this.sessions.getAndRemove(id));
		if (removed == null) {
			return;
		}
		String principal = removed.getPrincipalName();
		if (principal != null) {
			this.principalIndex.remove(principal, id);
		}
		publish(new SessionDeletedEvent(this, new IgniteSession(this, id, removed)), EventKind.DELETED);
	}

	@Override
	public Map<String, IgniteSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		return observe(Operation.FIND_BY_INDEX, () -> doFindByIndex(indexName, indexValue));
	}

	private Map<String, IgniteSession> doFindByIndex(String indexName, @Nullable String indexValue) {
		if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName) || indexValue == null) {
			return Map.of();
		}
		Set<String> ids = this.principalIndex.sessionIds(indexValue);
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<String, SessionRecord> records = this.sessions.getAll(new HashSet<>(ids));
		long now = now().toEpochMilli();
		Map<String, IgniteSession> result = new LinkedHashMap<>();
		List<String> stale = new ArrayList<>();
		for (String id : ids) {
			SessionRecord record = records.get(id);
			if (record == null || !indexValue.equals(record.getPrincipalName())) {
				stale.add(id);
			}
			else if (record.isExpired(now)) {
				removeExpired(id);
			}
			else {
				result.put(id, new IgniteSession(this, id, record));
			}
		}
		this.principalIndex.removeAll(indexValue, stale);
		return result;
	}

	@Override
	public void close() {
		try {
			this.expiryQuery.close();
		}
		catch (RuntimeException ex) {
			// The node stopped first (e.g. its own shutdown hook ran): the query went with it.
			logger.debug("Expiry listener already gone with its node: {}", ex.toString());
		}
		this.eventExecutor.shutdown();
		try {
			this.eventExecutor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// --- helpers used by IgniteSession

	String generateId() {
		return this.sessionIdGenerator.generate();
	}

	Instant now() {
		return this.clock.instant();
	}

	/**
	 * Deserializes an attribute, applying the unreadable-attribute policy when it fails.
	 */
	@Nullable Object readAttribute(IgniteSession session, String name, byte[] bytes) {
		try {
			return this.serializer.deserialize(name, bytes);
		}
		catch (SessionAttributeSerializationException ex) {
			if (this.unreadableAttributePolicy == UnreadableAttributePolicy.FAIL) {
				throw ex;
			}
			logger.warn("Session {}: {} ({}: {})", SessionIds.abbreviate(session.getId()), ex.getMessage(),
					this.unreadableAttributePolicy, (this.unreadableAttributePolicy == UnreadableAttributePolicy.SKIP)
							? "reads as null, stored bytes kept" : "removed on the next save");
			if (this.unreadableAttributePolicy == UnreadableAttributePolicy.REMOVE) {
				session.dropUnreadable(name);
			}
			return null;
		}
	}

	// --- internals

	private @Nullable String resolvePrincipal(IgniteSession session) {
		return session.resolvePrincipal(
				(s) -> this.indexResolver.resolveIndexesFor(s).get(PRINCIPAL_NAME_INDEX_NAME));
	}

	private long checkSize(IgniteSession session) {
		StringBuilder largest = new StringBuilder();
		long size = session.storedSize(largest);
		if (size > this.maxSessionSize) {
			throw new SessionTooLargeException(session.getId(), size, this.maxSessionSize, largest.toString());
		}
		return size;
	}

	private IgniteCache<String, SessionRecord> withExpiry(IgniteSession session) {
		return this.sessions.withExpiryPolicy(expiryPolicy(session));
	}

	private ExpiryPolicy expiryPolicy(IgniteSession session) {
		long interval = session.maxInactiveMillis();
		if (interval < 0) {
			return new ModifiedExpiryPolicy(javax.cache.expiry.Duration.ETERNAL);
		}
		long remaining = session.getLastAccessedTime().toEpochMilli() + interval - now().toEpochMilli();
		// Zero would mean "expire now" to Ignite, which then drops the write without an expired event.
		return new ModifiedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, Math.max(1, remaining)));
	}

	private void removeExpired(String id) {
		SessionRecord removed = guard(id, () -> this.sessions.invoke(id, new RemoveIfExpired(now().toEpochMilli())));
		if (removed != null) {
			onExpired(id, removed);
		}
	}

	private void onExpired(String id, SessionRecord record) {
		this.eventExecutor.execute(() -> {
			String principal = record.getPrincipalName();
			if (principal != null) {
				this.principalIndex.remove(principal, id);
			}
			publish(new SessionExpiredEvent(this, new IgniteSession(this, id, record)), EventKind.EXPIRED);
		});
	}

	private void publish(Object event, EventKind kind) {
		this.observer.onEvent(kind);
		this.eventPublisher.publishEvent(event);
	}

	private <T> T observe(Operation operation, Supplier<T> action) {
		long start = System.nanoTime();
		boolean success = false;
		try {
			T result = action.get();
			success = true;
			return result;
		}
		finally {
			this.observer.onOperation(operation, System.nanoTime() - start, success);
		}
	}

	/**
	 * Listens to Ignite's own expiry of the entries whose primary copy is on this node: each node hears only its
	 * own, so each expiry is published once in the cluster. Listeners run on our executor, never on Ignite's
	 * threads, which must not wait on cache operations or on application code.
	 */
	private ContinuousQuery<String, SessionRecord> expiryQuery() {
		ContinuousQuery<String, SessionRecord> query = new ContinuousQuery<>();
		query.setLocal(true);
		query.setIncludeExpired(true);
		query.setRemoteFilterFactory(() -> new ExpiredOnly());
		query.setLocalListener((events) -> {
			for (CacheEntryEvent<? extends String, ? extends SessionRecord> event : events) {
				if (event.getEventType() != EventType.EXPIRED) {
					continue;
				}
				String id = event.getKey();
				if (!this.ignite.affinity(this.sessions.getName()).isPrimary(this.ignite.cluster().localNode(), id)) {
					continue;
				}
				SessionRecord record = (event.getOldValue() != null) ? event.getOldValue() : event.getValue();
				if (record != null) {
					onExpired(id, record);
				}
			}
		});
		return query;
	}

	/**
	 * Runs a cache operation, turning a failure on a lost partition into {@link SessionDataLostException} so that
	 * a lost session is reported as lost, never as absent.
	 */
	private <T> T guard(String id, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (CacheException ex) {
			int partition = this.ignite.affinity(this.sessions.getName()).partition(id);
			if (this.sessions.lostPartitions().contains(partition)) {
				throw new SessionDataLostException(id, this.sessions.getName(), partition, ex);
			}
			throw ex;
		}
	}

	/**
	 * Passes only expiry events to the listener, so that ordinary writes cost the listener nothing.
	 */
	private static final class ExpiredOnly implements CacheEntryEventSerializableFilter<String, SessionRecord> {

		private static final long serialVersionUID = 1L;

		@Override
		public boolean evaluate(CacheEntryEvent<? extends String, ? extends SessionRecord> event) {
			return event.getEventType() == EventType.EXPIRED;
		}

	}

}
