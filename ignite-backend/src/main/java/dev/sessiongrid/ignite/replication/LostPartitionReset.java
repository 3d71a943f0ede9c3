package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LostPartitionPolicy#RESET} policy: once the {@link ReplicationMonitor} has
 * reported lost partitions, waits the delay, then accepts the loss, so that the farm
 * serves those users again (with new sessions) without an operator.
 * <p>
 * The delay keeps the loss visible (health {@code DOWN}, the lost-partitions gauge) long
 * enough for probes and scrapes to see it, and lets a cascade of departures settle before
 * the exchange a reset costs. The reset is cluster-wide, so only the oldest server node
 * makes it; the others make it themselves only if the loss is still there one more delay
 * later (the oldest node may use {@link LostPartitionPolicy#BLOCK}, or have left
 * meanwhile).
 */
public class LostPartitionReset implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LostPartitionReset.class);

	/** Shortest wait between two checks of a loss not reset yet. */
	private static final long MIN_RECHECK_MILLIS = 500;

	private final ReplicationMonitor monitor;

	private final Runnable reset;

	private final Duration delay;

	private final ScheduledExecutorService scheduler;

	private final ReplicationMonitor.Listener listener = new ReplicationMonitor.Listener() {

		@Override
		public void onPartitionsLost(Set<Integer> partitions) {
			lost(partitions);
		}

	};

	private final Object lock = new Object();

	private @Nullable ScheduledFuture<?> pending;

	/**
	 * Creates the policy; nothing happens until {@link #start}.
	 * @param monitor the monitor of the sessions cache, which reports the loss
	 * @param reset resets the lost partitions of every cache of the sessions, e.g. the
	 * repository's {@code resetLostPartitions}
	 * @param delay how long the loss is reported before it is accepted
	 */
	public LostPartitionReset(ReplicationMonitor monitor, Runnable reset, Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must be 0 or more, was " + delay);
		}
		this.monitor = monitor;
		this.reset = reset;
		this.delay = delay;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sessiongrid-lost-partitions-" + monitor.getCacheName());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Starts hearing the monitor's losses. */
	public void start() {
		this.monitor.addListener(this.listener);
	}

	@Override
	public void close() {
		this.monitor.removeListener(this.listener);
		this.scheduler.shutdownNow();
	}

	private void lost(Set<Integer> partitions) {
		synchronized (this.lock) {
			if ((this.pending != null && !this.pending.isDone()) || this.scheduler.isShutdown()) {
				return;
			}
			logger.warn(
					"{} partitions of cache '{}' lost: their sessions fail for {} ms, then the loss is accepted "
							+ "and their users start new sessions",
					partitions.size(), this.monitor.getCacheName(), this.delay.toMillis());
			long first = this.delay.toMillis();
			this.pending = this.scheduler.schedule(() -> check(first), first, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Resets the loss if it is still there and this node is the one to reset it.
	 * @param waited milliseconds since the loss was heard
	 */
	private void check(long waited) {
		ReplicationState state;
		try {
			state = this.monitor.state();
		}
		catch (RuntimeException ex) {
			logger.debug("Replication state not readable: {}", ex.toString());
			reschedule(waited);
			return;
		}
		if (state.lostPartitions().isEmpty()) {
			return;
		}
		if (!state.localNodeInCluster()) {
			// This node stopped or was segmented: the cluster's other nodes decide, not
			// this one.
			return;
		}
		if (this.monitor.isOldestServerNode() || waited >= 2 * this.delay.toMillis() + MIN_RECHECK_MILLIS) {
			try {
				logger.warn("Accepting the loss of {} partitions of cache '{}' after {} ms",
						state.lostPartitions().size(), this.monitor.getCacheName(), waited);
				this.reset.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Reset of the lost partitions of cache '{}' failed, trying again: {}",
						this.monitor.getCacheName(), ex.toString());
				reschedule(waited);
			}
			return;
		}
		reschedule(waited);
	}

	private void reschedule(long waited) {
		long next = Math.max(MIN_RECHECK_MILLIS, this.delay.toMillis() / 4);
		synchronized (this.lock) {
			if (!this.scheduler.isShutdown()) {
				this.pending = this.scheduler.schedule(() -> check(waited + next), next, TimeUnit.MILLISECONDS);
			}
		}
	}

}
