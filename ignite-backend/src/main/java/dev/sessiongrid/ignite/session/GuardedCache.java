package dev.sessiongrid.ignite.session;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.cache.CacheException;
import javax.cache.expiry.ExpiryPolicy;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.cache.affinity.AffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The cache calls a repository makes, each guarded in one place: a failure on a partition
 * that lost every copy becomes {@link SessionDataLostException}, so that lost data is
 * reported as lost, never as absent. Any other failure passes through unchanged.
 *
 * @param <V> the type of the cached values
 */
final class GuardedCache<V> {

	/** How many times an update whose answer was lost is applied again. */
	static final int UPDATE_ATTEMPTS = 3;

	private final Ignite ignite;

	private final IgniteCache<String, V> cache;

	/**
	 * The cache's affinity function, which maps a key to its partition by computation
	 * alone. Ignite's {@code ignite.affinity(name).partition(key)} waits, holding the
	 * node's gateway, for the affinity of the current topology: on a segmented node that
	 * wait never ends, and the stop of the node waits for it in turn, so the node is
	 * never replaced.
	 */
	private final @Nullable AffinityFunction affinity;

	/** Names what a key stands for in the exception's message, e.g. "Session abcd…". */
	private final Function<String, String> subject;

	GuardedCache(Ignite ignite, IgniteCache<String, V> cache, Function<String, String> subject) {
		this.ignite = ignite;
		this.cache = cache;
		this.subject = subject;
		@SuppressWarnings("unchecked")
		CacheConfiguration<String, V> configuration = cache.getConfiguration(CacheConfiguration.class);
		this.affinity = configuration.getAffinity();
	}

	IgniteCache<String, V> unwrap() {
		return this.cache;
	}

	String name() {
		return this.cache.getName();
	}

	@Nullable V get(String key) {
		return guard(key, () -> this.cache.get(key));
	}

	Map<String, V> getAll(Set<String> keys) {
		try {
			return this.cache.getAll(keys);
		}
		catch (CacheException ex) {
			// One call for many keys: report the first key that is in a lost partition,
			// if any is.
			for (String key : keys) {
				SessionDataLostException lost = lostOrNull(key, ex);
				if (lost != null) {
					throw lost;
				}
			}
			throw ex;
		}
	}

	boolean putIfAbsent(String key, V value, ExpiryPolicy expiry) {
		return guard(key, () -> this.cache.withExpiryPolicy(expiry).putIfAbsent(key, value));
	}

	<T> T invoke(String key, CacheEntryProcessor<String, V, T> processor) {
		return guard(key, () -> this.cache.invoke(key, processor));
	}

	/**
	 * Applies an idempotent entry processor that always answers, and returns its answer
	 * (see {@link #definitely}).
	 */
	boolean update(String key, CacheEntryProcessor<String, V, Boolean> processor, @Nullable ExpiryPolicy expiry) {
		IgniteCache<String, V> target = (expiry != null) ? this.cache.withExpiryPolicy(expiry) : this.cache;
		return definitely(() -> this.subject.apply(key), () -> guard(key, () -> target.invoke(key, processor)));
	}

	/**
	 * Runs an update whose entry processor always answers, until it does. Ignite's atomic
	 * {@code invoke} can lose the processor's answer when the primary copy moves during
	 * the call (a node leaving): the update is sent again on the new topology and the
	 * first answer is dropped ("Failed to find near update future for update response"),
	 * so the call returns {@code null}, which says nothing of whether it applied. Seen in
	 * the drill's {@code rolling} scenario as an HTTP 500 on a surviving instance. The
	 * processors that answer (the session delta, the index update) are idempotent, so the
	 * update is applied again for a definite answer.
	 * @param subject names what the key stands for, for the message
	 * @param update the update; {@code null} when its answer was lost
	 * @return what the update answered
	 * @throws SessionStoreUnavailableException when every attempt lost its answer (the
	 * update may have applied; it is not acknowledged)
	 */
	static boolean definitely(Supplier<String> subject, Supplier<@Nullable Boolean> update) {
		for (int attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
			Boolean applied = update.get();
			if (applied != null) {
				return applied;
			}
		}
		throw new SessionStoreUnavailableException(subject.get() + ": the store lost the answer of its update "
				+ UPDATE_ATTEMPTS + " times (its primary copy kept moving); the update may "
				+ "have applied and is not acknowledged");
	}

	boolean remove(String key) {
		return guard(key, () -> this.cache.remove(key));
	}

	@Nullable V getAndRemove(String key) {
		return guard(key, () -> this.cache.getAndRemove(key));
	}

	private <T> T guard(String key, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (CacheException ex) {
			SessionDataLostException lost = lostOrNull(key, ex);
			if (lost != null) {
				throw lost;
			}
			throw ex;
		}
	}

	private @Nullable SessionDataLostException lostOrNull(String key, CacheException ex) {
		int partition = (this.affinity != null) ? this.affinity.partition(key)
				: this.ignite.affinity(this.cache.getName()).partition(key);
		if (!this.cache.lostPartitions().contains(partition)) {
			return null;
		}
		return SessionDataLostException.of(this.subject.apply(key), this.cache.getName(), partition, ex);
	}

}
