package dev.sessiongrid.ignite.session;

import java.util.HashSet;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cache.eviction.fifo.FifoEvictionPolicyFactory;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration of the two caches behind a repository: the sessions and the principal
 * index.
 * <ul>
 * <li>{@code PARTITIONED} with {@code backups} copies besides the primary;</li>
 * <li>{@code FULL_SYNC}: a save is acknowledged only once every copy has it. With
 * {@code PRIMARY_SYNC} an update acknowledged by a primary that dies a moment later is
 * lost, and reads from a backup can be stale;</li>
 * <li>{@code readFromBackup} (Ignite's default, set explicitly since it matters): a node
 * holding a backup copy reads it locally instead of asking the primary over the network.
 * With {@code FULL_SYNC} the backup had every acknowledged save before it was
 * acknowledged, so the local read is as fresh as the primary's;</li>
 * <li>{@code READ_WRITE_SAFE}: a read of a lost partition throws instead of answering "no
 * such session";</li>
 * <li>{@code ATOMIC}: one entry per session needs no transactions, and entry processors
 * are idempotent;</li>
 * <li>{@value #PARTITIONS} partitions instead of Ignite's 1,024: every failover and join
 * exchanges the map of every partition between all nodes, and each partition costs memory
 * on every node even when empty; 256 still spreads sessions evenly over the few dozen
 * nodes a web farm has.</li>
 * <li>the sessions cache keeps an on-heap copy of the sessions this node read or wrote
 * last, up to {@value #ON_HEAP_PERCENT}% of the heap by default (first in, first out): a
 * read then neither locks an off-heap page nor deserializes the record. First in, first
 * out rather than least recently used: an LRU moves the entry in its queue on every read,
 * which request threads contend for; the first-in order is set once, when the copy is
 * made, and a session pushed out while still in use is copied in again at its next read.
 * It is handed out without a copy ({@code copyOnRead=false}), which is safe because
 * nothing changes a record it read: {@link SessionDelta} and {@link RemoveIfExpired}
 * build new records, and {@link IgniteSession} keeps a map of its own and never writes
 * into the stored attribute bytes.</li>
 * </ul>
 */
public final class SessionCaches {

	private static final Logger logger = LoggerFactory.getLogger(SessionCaches.class);

	/** Number of partitions of each cache. */
	public static final int PARTITIONS = 256;

	/** Share of the heap the on-heap copies of sessions may take, in percent. */
	public static final int ON_HEAP_PERCENT = 10;

	/** Suffix of the principal index cache's name. */
	public static final String PRINCIPAL_INDEX_SUFFIX = "-principals";

	private SessionCaches() {
	}

	/** Most share of the heap the on-heap copies may be given, in percent. */
	public static final int MAX_ON_HEAP_PERCENT = 50;

	/**
	 * Builds the configuration of the sessions cache, with on-heap copies of up to
	 * {@value #ON_HEAP_PERCENT}% of the heap.
	 * @param name the cache name
	 * @param backups number of backup copies of each session
	 * @return the configuration
	 */
	public static CacheConfiguration<String, SessionRecord> sessions(String name, int backups) {
		return sessions(name, backups, ON_HEAP_PERCENT);
	}

	/**
	 * Builds the configuration of the sessions cache.
	 * @param name the cache name
	 * @param backups number of backup copies of each session
	 * @param onHeapPercent share of the heap the on-heap copies may take, 0 to
	 * {@value #MAX_ON_HEAP_PERCENT}; 0 keeps sessions off-heap only (each read then locks
	 * an off-heap page and unmarshals the record, and a session costs its off-heap bytes
	 * alone)
	 * @return the configuration
	 */
	public static CacheConfiguration<String, SessionRecord> sessions(String name, int backups, int onHeapPercent) {
		if (onHeapPercent < 0 || onHeapPercent > MAX_ON_HEAP_PERCENT) {
			throw new IllegalArgumentException(
					"onHeapPercent must be 0 to " + MAX_ON_HEAP_PERCENT + ", was " + onHeapPercent);
		}
		CacheConfiguration<String, SessionRecord> config = configure(new CacheConfiguration<>(name), backups);
		if (onHeapPercent == 0) {
			return config;
		}
		FifoEvictionPolicyFactory<String, SessionRecord> onHeap = new FifoEvictionPolicyFactory<>();
		onHeap.setMaxMemorySize(Runtime.getRuntime().maxMemory() / 100 * onHeapPercent);
		return config.setOnheapCacheEnabled(true).setEvictionPolicyFactory(onHeap).setCopyOnRead(false);
	}

	/**
	 * Builds the configuration of the principal index cache.
	 * @param sessionCacheName the sessions cache name
	 * @param backups number of backup copies
	 * @return the configuration
	 */
	public static CacheConfiguration<String, HashSet<String>> principalIndex(String sessionCacheName, int backups) {
		return configure(new CacheConfiguration<>(sessionCacheName + PRINCIPAL_INDEX_SUFFIX), backups);
	}

	private static <K, V> CacheConfiguration<K, V> configure(CacheConfiguration<K, V> config, int backups) {
		if (backups < 0) {
			throw new IllegalArgumentException("backups must be 0 or more, was " + backups);
		}
		return config.setCacheMode(CacheMode.PARTITIONED)
			.setBackups(backups)
			.setAtomicityMode(CacheAtomicityMode.ATOMIC)
			.setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
			.setReadFromBackup(true)
			.setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
			.setAffinity(new RendezvousAffinityFunction(false, PARTITIONS))
			.setEagerTtl(true)
			.setStatisticsEnabled(false);
	}

	/**
	 * Gets or creates a cache, warning when it exists with another number of backups: the
	 * cluster keeps the configuration of whichever node created it first.
	 */
	static <K, V> IgniteCache<K, V> getOrCreate(Ignite ignite, CacheConfiguration<K, V> config) {
		IgniteCache<K, V> cache = ignite.getOrCreateCache(config);
		@SuppressWarnings("unchecked")
		CacheConfiguration<K, V> actual = cache.getConfiguration(CacheConfiguration.class);
		if (actual.getBackups() != config.getBackups()) {
			logger.warn("Cache {} exists in the cluster with {} backups; this node asked for {} and gets {}",
					config.getName(), actual.getBackups(), config.getBackups(), actual.getBackups());
		}
		return cache;
	}

}
