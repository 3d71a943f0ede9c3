package dev.sessiongrid.ignite.session;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.ignite.DataRegionMetrics;
import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Refuses new sessions while the node's session memory is nearly full.
 * <p>
 * When an Ignite data region without eviction fills up, the write that finds no page
 * fails with a critical error and the node stops itself, dropping every session it held.
 * Evicting pages instead would drop sessions silently. So new sessions are refused, with
 * an error that says why, once the region is {@value #MAX_USED_PERCENT}% used, keeping
 * room for existing sessions to be updated until expiry frees space.
 */
final class MemoryGuard {

	static final int MAX_USED_PERCENT = 90;

	private static final long RECHECK_NANOS = 250_000_000L;

	private final Ignite ignite;

	private final @Nullable String regionName;

	private final long maxSize;

	private volatile long checkedAt;

	private volatile long usedSize;

	/**
	 * Bytes of new sessions written since the last reading, so a burst between readings
	 * is counted too.
	 */
	private final AtomicLong writtenSinceCheck = new AtomicLong();

	MemoryGuard(Ignite ignite, CacheConfiguration<?, ?> cache) {
		this.ignite = ignite;
		DataStorageConfiguration storage = ignite.configuration().getDataStorageConfiguration();
		DataRegionConfiguration region = region(storage, cache.getDataRegionName());
		this.regionName = (region != null) ? region.getName() : null;
		this.maxSize = (region != null) ? region.getMaxSize() : Long.MAX_VALUE;
		this.checkedAt = System.nanoTime() - RECHECK_NANOS;
	}

	/**
	 * Throws {@link SessionStoreFullException} when the region is too full for a new
	 * session.
	 * @param hint where the region's size is set, for the exception's message, or
	 * {@code null}
	 */
	void checkRoomForNewSession(long sessionBytes, @Nullable String hint) {
		if (this.regionName == null) {
			return;
		}
		long now = System.nanoTime();
		long written = this.writtenSinceCheck.addAndGet(sessionBytes);
		if (now - this.checkedAt >= RECHECK_NANOS || written >= this.maxSize / 100) {
			// Reading region metrics walks Ignite's counters: not on every write, but at
			// least every quarter
			// second and after every 1% of the region written.
			DataRegionMetrics metrics = this.ignite.dataRegionMetrics(this.regionName);
			this.usedSize = (metrics != null) ? metrics.getTotalUsedSize() : 0;
			this.checkedAt = now;
			this.writtenSinceCheck.set(0);
			written = 0;
		}
		// A stored copy takes up to about twice its serialized size (see
		// docs/operations.md, "Sizing").
		long estimated = this.usedSize + 2 * written;
		if (estimated * 100 >= this.maxSize * MAX_USED_PERCENT) {
			throw new SessionStoreFullException(estimated, this.maxSize, hint);
		}
	}

	private static @Nullable DataRegionConfiguration region(@Nullable DataStorageConfiguration storage,
			@Nullable String name) {
		if (storage == null) {
			return null;
		}
		if (name == null || name.equals(storage.getDefaultDataRegionConfiguration().getName())) {
			return storage.getDefaultDataRegionConfiguration();
		}
		if (storage.getDataRegionConfigurations() != null) {
			for (DataRegionConfiguration region : storage.getDataRegionConfigurations()) {
				if (name.equals(region.getName())) {
					return region;
				}
			}
		}
		return null;
	}

}
