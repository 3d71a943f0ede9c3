package dev.sessiongrid.ignite.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.IndexResolver;
import org.springframework.session.MapSession;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.UuidSessionIdGenerator;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.util.Assert;

import dev.sessiongrid.ignite.node.SessiongridNode;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.EventKind;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.Operation;

/**
 * A Spring Session repository that keeps sessions in a partitioned Ignite cache with
 * backup copies.
 * <ul>
 * <li>New sessions are {@code putIfAbsent}; later saves send only what changed
 * ({@link SessionDelta}), applied on the primary copy; a session deleted meanwhile is
 * never resurrected.</li>
 * <li>Each entry expires after its own session's maximum inactive interval, set again on
 * every write; a negative interval never expires. Reads check expiry too.</li>
 * <li>A save that changes nothing but the last access time, by less than
 * {@link #setTouchInterval the touch lag}, writes nothing: the stored access time, which
 * the entry's expiry and the reads' check both follow, then lags the real one by at most
 * that lag, and the session may expire that much early.</li>
 * <li>{@link #findByPrincipalName} reads a {@link PrincipalIndex} instead of
 * scanning.</li>
 * <li>Created and deleted events are published by the node that made the change; an
 * expired event by the node that owns the primary copy when Ignite expires the entry, or
 * by the node whose read removed it first ({@link SessionExpiryListener}): once in the
 * whole cluster per event.</li>
 * </ul>
 * Configure it with its setters, then {@link #start} it (Spring calls
 * {@link #afterPropertiesSet}), which creates the caches and starts listening to expiry;
 * {@link #close} stops listening.
 * <p>
 * Over ~350 lines because of its public configuration (about 40% of it: Spring Session's
 * settings plus ours, each setter with its Javadoc) and because it follows the node it
 * runs on (a node replaced after a segmentation, see {@link SessiongridNode}); the work
 * is elsewhere: {@link SessionWriter} (what a save writes, the touch lag),
 * {@link SessionStore} (the caches and the index), {@link SessionExpiryListener},
 * {@link RepositoryObservers}. The node-following part is the next candidate to move out.
 */
public class IgniteSessionRepository
		implements FindByIndexNameSessionRepository<IgniteSession>, InitializingBean, DisposableBean, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IgniteSessionRepository.class);

	/**
	 * Default of the most a save that only touches a session may leave its stored last
	 * access behind; see {@link #setTouchInterval}.
	 */
	public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofSeconds(10);

	/** Default cap on a session's serialized size. */
	public static final long DEFAULT_MAX_SESSION_SIZE = 4L * 1024 * 1024;

	/** The touch lag is at most 1/20 (5%) of a session's maximum inactive interval. */
	private static final int TOUCH_LAG_DIVISOR = 20;

	private final SessiongridNode node;

	private final SessiongridNode.Listener nodeListener = this::onNodeReplaced;

	private final String cacheName;

	private final int backups;

	private final SessionWriter writer = new SessionWriter(this);

	private final RepositoryObservers observers = new RepositoryObservers();

	private volatile @Nullable SessionStore store;

	private volatile boolean closed;

	private volatile ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private Duration defaultMaxInactiveInterval = MapSession.DEFAULT_MAX_INACTIVE_INTERVAL;

	private SessionIdGenerator sessionIdGenerator = UuidSessionIdGenerator.getInstance();

	private FlushMode flushMode = FlushMode.ON_SAVE;

	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	private AttributeSerializer serializer = new JdkAttributeSerializer();

	private UnreadableAttributePolicy unreadableAttributePolicy = UnreadableAttributePolicy.SKIP;

	private Clock clock = Clock.systemUTC();

	private volatile Duration touchInterval = DEFAULT_TOUCH_INTERVAL;

	/**
	 * Creates a repository over the named cache; {@link #start} creates the cache (and
	 * its principal index) in the cluster if needed.
	 * @param ignite a started server node
	 * @param cacheName the sessions cache name
	 * @param backups number of backup copies of each session
	 */
	public IgniteSessionRepository(Ignite ignite, String cacheName, int backups) {
		this(SessiongridNode.of(ignite), cacheName, backups);
	}

	/**
	 * Creates a repository over the named cache on a node that may be replaced: when the
	 * holder replaces a segmented or failed node, the repository carries on with the
	 * fresh one, and meanwhile fails its operations with
	 * {@link SessionStoreUnavailableException} (never answering "no session").
	 * @param node the holder of a started server node
	 * @param cacheName the sessions cache name
	 * @param backups number of backup copies of each session
	 */
	public IgniteSessionRepository(SessiongridNode node, String cacheName, int backups) {
		Assert.notNull(node, "node must not be null");
		Assert.hasText(cacheName, "cacheName must not be blank");
		Assert.isTrue(backups >= 0, () -> "backups must be 0 or more, was " + backups);
		this.node = node;
		this.cacheName = cacheName;
		this.backups = backups;
	}

	// --- lifecycle

	/**
	 * Creates the caches if needed and starts listening to expiry; does nothing when
	 * started already.
	 * @throws IllegalStateException when the repository was closed
	 */
	public synchronized void start() {
		if (this.closed) {
			throw new IllegalStateException(describe() + " is closed and cannot start again");
		}
		if (this.store == null) {
			this.store = SessionStore.open(this.node.ignite(), this.cacheName, this.backups, this::onExpired);
			this.node.addListener(this.nodeListener);
		}
	}

	/**
	 * Starts the repository once Spring has set its properties and applied the
	 * customizers.
	 */
	@Override
	public void afterPropertiesSet() {
		start();
	}

	/**
	 * Stops listening to expiry, once the expired sessions already heard are published.
	 * Idempotent.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		this.node.removeListener(this.nodeListener);
		SessionStore stopped = this.store;
		if (stopped != null) {
			stopped.close();
			this.store = null;
		}
	}

	@Override
	public void destroy() {
		close();
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
	 * Sets the maximum inactive interval of new sessions; negative means they never
	 * expire.
	 * @param defaultMaxInactiveInterval the interval
	 */
	public void setDefaultMaxInactiveInterval(Duration defaultMaxInactiveInterval) {
		this.defaultMaxInactiveInterval = Objects.requireNonNull(defaultMaxInactiveInterval,
				"defaultMaxInactiveInterval must not be null");
	}

	public void setIndexResolver(IndexResolver<Session> indexResolver) {
		this.writer.setIndexResolver(Objects.requireNonNull(indexResolver, "indexResolver must not be null"));
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
	 * Sets the largest serialized size a session may have; a save over it throws
	 * {@link SessionTooLargeException}.
	 * @param maxSessionSize the limit in bytes, positive
	 */
	public void setMaxSessionSize(long maxSessionSize) {
		Assert.isTrue(maxSessionSize > 0, () -> "maxSessionSize must be positive, was " + maxSessionSize);
		this.writer.setMaxSessionSize(maxSessionSize);
	}

	/**
	 * Sets where the limits are configured, e.g. property names, for the messages of the
	 * errors they cause.
	 * @param maxSessionSize where the maximum session size is set
	 * ({@link SessionTooLargeException}), or null
	 * @param maxMemory where the node's session memory is set
	 * ({@link SessionStoreFullException}), or null
	 */
	public void setLimitHints(@Nullable String maxSessionSize, @Nullable String maxMemory) {
		this.writer.setLimitHints(maxSessionSize, maxMemory);
	}

	/**
	 * Sets how far behind a session's stored last access time may stay before a save that
	 * changes nothing else writes it. Most requests only touch their session; skipping
	 * those writes saves a cache update per request, at the price of the session expiring
	 * up to the lag early. The lag is at most this interval and at most 5% of the
	 * session's own maximum inactive interval, so short-lived sessions stay nearly exact;
	 * zero writes every touch. Changes of attributes, interval, id or principal always
	 * write at once.
	 * @param touchInterval the interval, zero or positive
	 */
	public void setTouchInterval(Duration touchInterval) {
		Assert.notNull(touchInterval, "touchInterval must not be null");
		Assert.isTrue(!touchInterval.isNegative(), () -> "touchInterval must not be negative, was " + touchInterval);
		this.touchInterval = touchInterval;
	}

	public Duration getTouchInterval() {
		return this.touchInterval;
	}

	/**
	 * Sets the clock used for access times and expiry; for tests.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Adds an observer of operations, writes and events, e.g. a metrics binder; those
	 * added before keep hearing.
	 * @param observer the observer
	 */
	public void addObserver(SessionRepositoryObserver observer) {
		this.observers.add(Objects.requireNonNull(observer, "observer must not be null"));
	}

	/**
	 * Removes an observer; does nothing if it was not added.
	 * @param observer the observer
	 */
	public void removeObserver(SessionRepositoryObserver observer) {
		this.observers.remove(observer);
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
	 * Returns the number of backup copies of each session.
	 * @return the backups, 0 or more
	 */
	public int getBackups() {
		return this.backups;
	}

	/**
	 * Returns the holder of the node this repository keeps its sessions in, so that what
	 * watches the sessions cache follows the node when it is replaced.
	 * @return the node's holder
	 */
	public SessiongridNode getNode() {
		return this.node;
	}

	/**
	 * Returns the sessions cache, for metrics and tests.
	 * @return the cache
	 */
	public IgniteCache<String, SessionRecord> getSessionCache() {
		return store().cache();
	}

	/**
	 * Returns the names of the caches this repository keeps data in: the sessions and the
	 * principal index.
	 * @return the cache names
	 */
	public List<String> getCacheNames() {
		return List.of(this.cacheName, this.cacheName + SessionCaches.PRINCIPAL_INDEX_SUFFIX);
	}

	/**
	 * Accepts the loss of partitions whose every copy is gone, so that their sessions
	 * read as absent again and new sessions can be stored in them. Until then they fail
	 * with {@link SessionDataLostException}.
	 */
	public void resetLostPartitions() {
		this.node.ignite().resetLostPartitions(getCacheNames());
		logger.warn("Lost partitions of {} reset: the sessions they held are gone", getCacheNames());
	}

	// --- SessionRepository

	@Override
	public IgniteSession createSession() {
		store();
		IgniteSession session = new IgniteSession(this, generateId(), now(), this.defaultMaxInactiveInterval);
		if (this.flushMode == FlushMode.IMMEDIATE) {
			save(session);
		}
		return session;
	}

	@Override
	public void save(IgniteSession session) {
		if (!session.hasChanges() || session.isSmallTouch(touchLag(session.getMaxInactiveInterval()))) {
			return;
		}
		this.observers.time(Operation.SAVE, () -> {
			SessionWriter.Outcome outcome = onStore(
					(store) -> this.writer.save(store, session, this.observers.current()));
			if (outcome == SessionWriter.Outcome.CREATED) {
				publish(new SessionCreatedEvent(this, session), EventKind.CREATED);
			}
			return null;
		});
	}

	@Override
	public @Nullable IgniteSession findById(String id) {
		Assert.notNull(id, "id must not be null");
		return this.observers.time(Operation.FIND, () -> {
			store();
			if (!SessionIds.isWellFormed(id)) {
				// Cookies are user input: a malformed one is just not a session, as with
				// any unknown id.
				logger.debug("Ignoring malformed session id {}", SessionIds.abbreviate(id));
				return null;
			}
			SessionRecord record = onStore((store) -> store.findLive(id, now().toEpochMilli()));
			return (record != null) ? new IgniteSession(this, id, record) : null;
		});
	}

	@Override
	public void deleteById(String id) {
		Assert.notNull(id, "id must not be null");
		this.observers.time(Operation.DELETE, () -> {
			SessionRecord removed = onStore((store) -> SessionIds.isWellFormed(id) ? store.remove(id) : null);
			if (removed != null) {
				publish(new SessionDeletedEvent(this, new IgniteSession(this, id, removed)), EventKind.DELETED);
			}
			return null;
		});
	}

	@Override
	public Map<String, IgniteSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		return this.observers.time(Operation.FIND_BY_INDEX, () -> {
			store();
			if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName) || indexValue == null) {
				return Map.of();
			}
			Map<String, IgniteSession> result = new LinkedHashMap<>();
			Map<String, SessionRecord> records = onStore(
					(store) -> store.findByPrincipal(indexValue, now().toEpochMilli()));
			records.forEach((id, record) -> result.put(id, new IgniteSession(this, id, record)));
			return result;
		});
	}

	/**
	 * Returns the most a touch-only save may leave the stored last access behind: the
	 * touch interval, and at most 5% of the session's interval so that a short-lived
	 * session stays nearly exact (a 2 s session, 0.1 s).
	 */
	Duration touchLag(Duration maxInactiveInterval) {
		Duration touch = this.touchInterval;
		if (maxInactiveInterval.isNegative()) {
			return touch;
		}
		// Duration.dividedBy goes through BigDecimal, on every save (0.9% of a request's
		// samples): the same floor, in seconds and nanoseconds
		long seconds = maxInactiveInterval.getSeconds();
		long nanos = (seconds % TOUCH_LAG_DIVISOR) * 1_000_000_000L + maxInactiveInterval.getNano();
		Duration share = Duration.ofSeconds(seconds / TOUCH_LAG_DIVISOR, nanos / TOUCH_LAG_DIVISOR);
		return (share.compareTo(touch) < 0) ? share : touch;
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
			return this.unreadableAttributePolicy.apply(session, name, ex);
		}
	}

	// --- internals

	private SessionStore store() {
		SessionStore store = this.store;
		if (store == null && !this.closed && this.node.isReplacing()) {
			throw new SessionStoreUnavailableException(describe() + " is unavailable: the node of this instance "
					+ "stopped and a fresh one is joining the cluster; the sessions are still in the cluster");
		}
		if (store == null) {
			throw new IllegalStateException(describe() + (this.closed ? " is closed"
					: " is not started: call start() first (Spring calls it as afterPropertiesSet())"));
		}
		return store;
	}

	/**
	 * Runs an operation on the current store. A failure whose node has stopped meanwhile
	 * becomes {@link SessionStoreUnavailableException}: the session is not known to be
	 * gone. So does an operation on a node that must not serve
	 * ({@link SessiongridNode#refusal()}), before it starts and again once it has run: a
	 * write that completed while the node was being dropped from the cluster may exist on
	 * its copy alone, and is not acknowledged.
	 */
	private <T> T onStore(Function<SessionStore, T> operation) {
		SessionStore store = store();
		long start = System.nanoTime();
		refuseIf(this.node.refusal(start), "refuses session operations");
		T result;
		try {
			result = operation.apply(store);
		}
		catch (RuntimeException ex) {
			throw unavailableOr(store, ex);
		}
		refuseIf(this.node.refusalSince(start),
				"does not acknowledge an operation that may not have reached the backup copies");
		return result;
	}

	private void refuseIf(@Nullable String reason, String what) {
		if (reason != null) {
			throw new SessionStoreUnavailableException(
					describe() + " " + what + ": " + reason + "; the sessions are still in the rest of the cluster");
		}
	}

	/**
	 * An operation failed: when its node has stopped meanwhile, that is why, and the
	 * session is not known to be gone; any other failure passes unchanged.
	 */
	private RuntimeException unavailableOr(SessionStore store, RuntimeException ex) {
		if (ex instanceof SessionStoreUnavailableException || store.nodeRunning()) {
			return ex;
		}
		return new SessionStoreUnavailableException(describe() + " is unavailable: the node of this instance "
				+ "stopped" + (this.node.isHealing() ? " and is being replaced" : ""), ex);
	}

	/**
	 * Moves to a fresh node: its store replaces the old one, which stopped with its node.
	 */
	private synchronized void onNodeReplaced(Ignite fresh) {
		if (this.closed) {
			return;
		}
		SessionStore old = this.store;
		this.store = null;
		if (old != null) {
			old.close();
		}
		this.store = SessionStore.open(fresh, this.cacheName, this.backups, this::onExpired);
		logger.info("{} carries on with the fresh node {}", describe(), fresh.name());
	}

	private String describe() {
		return "IgniteSessionRepository of cache '" + this.cacheName + "'";
	}

	/** Runs on the event thread, for each expired session once it is out of the index. */
	private void onExpired(String id, SessionRecord record) {
		publish(new SessionExpiredEvent(this, new IgniteSession(this, id, record)), EventKind.EXPIRED);
	}

	private void publish(Object event, EventKind kind) {
		this.observers.current().onEvent(kind);
		this.eventPublisher.publishEvent(event);
	}

}
