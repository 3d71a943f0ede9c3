package dev.sessiongrid.ignite.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.replication.ReplicationState;

/**
 * The monitor's {@link ReplicationState}, read at most once per {@code maxAge}: reading
 * it walks every partition of the cache, and one scrape asks for it once per replication
 * gauge.
 */
final class CachedReplicationState {

	private static final Logger logger = LoggerFactory.getLogger(CachedReplicationState.class);

	private final ReplicationMonitor monitor;

	private final long maxAgeNanos;

	private final LongSupplier nanoTime;

	private @Nullable ReplicationState state;

	private long readAt;

	CachedReplicationState(ReplicationMonitor monitor, Duration maxAge) {
		this(monitor, maxAge, System::nanoTime);
	}

	CachedReplicationState(ReplicationMonitor monitor, Duration maxAge, LongSupplier nanoTime) {
		this.monitor = monitor;
		this.maxAgeNanos = maxAge.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Returns the state, read again when the last reading is older than the maximum age.
	 * @return the state, or {@code null} when it cannot be read (the node is stopping or
	 * stopped)
	 */
	synchronized @Nullable ReplicationState get() {
		long now = this.nanoTime.getAsLong();
		if (this.state == null || now - this.readAt >= this.maxAgeNanos) {
			try {
				this.state = this.monitor.state();
			}
			catch (RuntimeException ex) {
				// A stopped node throws from every API: its gauges read NaN rather than
				// failing the scrape.
				logger.debug("Replication state of cache '{}' not readable: {}", this.monitor.getCacheName(),
						ex.toString());
				this.state = null;
			}
			this.readAt = now;
		}
		return this.state;
	}

}
