package dev.sessiongrid.ignite.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import javax.cache.configuration.FactoryBuilder;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the sessions that expire on this node and hands each to the repository's handler,
 * once in the cluster, on an event thread of its own ({@code sessiongrid-events-<node>}).
 * <p>
 * Two sources: Ignite's own expiry of the entries whose primary copy is on this node,
 * heard by a local continuous query (only the primary's node hands the entry on, so each
 * expiry is handled once), and sessions a read found expired before Ignite removed them
 * ({@link #expired}). Ignite calls the query's listener on its own threads, which must
 * not wait on cache operations or on application code, so the listener only checks
 * ownership and passes the entry to the event thread.
 */
final class SessionExpiryListener implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SessionExpiryListener.class);

	private final Ignite ignite;

	private final IgniteCache<String, SessionRecord> sessions;

	private final BiConsumer<String, SessionRecord> handler;

	private final ExecutorService executor;

	private @Nullable QueryCursor<?> query;

	/**
	 * Creates the listener; nothing listens until {@link #start}.
	 * @param handler called on the event thread with each expired session's id and last
	 * record
	 */
	SessionExpiryListener(Ignite ignite, IgniteCache<String, SessionRecord> sessions,
			BiConsumer<String, SessionRecord> handler) {
		this.ignite = ignite;
		this.sessions = sessions;
		this.handler = handler;
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "sessiongrid-events-" + ignite.name());
			thread.setDaemon(true);
			return thread;
		});
	}

	void start() {
		ContinuousQuery<String, SessionRecord> query = new ContinuousQuery<>();
		query.setLocal(true);
		query.setIncludeExpired(true);
		// A factory of a named class, not a method reference: Ignite sends the query's
		// filter factory to joining nodes, and a serialized lambda is not on the list of
		// classes nodes accept from each other (META-INF/sessiongrid/node-classes.txt).
		query.setRemoteFilterFactory(FactoryBuilder.factoryOf(new ExpiredOnly()));
		query.setLocalListener((events) -> {
			for (CacheEntryEvent<? extends String, ? extends SessionRecord> event : events) {
				if (event.getEventType() == EventType.EXPIRED && isPrimaryHere(event.getKey())) {
					SessionRecord record = (event.getOldValue() != null) ? event.getOldValue() : event.getValue();
					if (record != null) {
						expired(event.getKey(), record);
					}
				}
			}
		});
		this.query = this.sessions.query(query);
	}

	/**
	 * Hands an expired session to the handler on the event thread.
	 */
	void expired(String id, SessionRecord record) {
		this.executor.execute(() -> {
			try {
				this.handler.accept(id, record);
			}
			catch (RuntimeException ex) {
				// e.g. the principal index entry is in a lost partition: the next expiry
				// must still be published
				logger.warn("Expired session {} not fully handled: {}", SessionIds.abbreviate(id), ex.toString());
			}
		});
	}

	private boolean isPrimaryHere(String id) {
		return this.ignite.affinity(this.sessions.getName()).isPrimary(this.ignite.cluster().localNode(), id);
	}

	/**
	 * Stops listening, then lets the event thread finish what it was handed, for at most
	 * five seconds.
	 */
	@Override
	public void close() {
		QueryCursor<?> query = this.query;
		this.query = null;
		if (query != null) {
			try {
				query.close();
			}
			catch (RuntimeException ex) {
				// The node stopped first (e.g. its own shutdown hook ran): the query went
				// with it.
				logger.debug("Expiry listener already gone with its node: {}", ex.toString());
			}
		}
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Passes only expiry events to the listener, so that ordinary writes cost the
	 * listener nothing.
	 */
	private static final class ExpiredOnly implements CacheEntryEventSerializableFilter<String, SessionRecord> {

		private static final long serialVersionUID = 1L;

		@Override
		public boolean evaluate(CacheEntryEvent<? extends String, ? extends SessionRecord> event) {
			return event.getEventType() == EventType.EXPIRED;
		}

	}

}
