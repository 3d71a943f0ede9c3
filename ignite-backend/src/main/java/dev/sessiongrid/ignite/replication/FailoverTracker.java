package dev.sessiongrid.ignite.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteIllegalStateException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows failovers: hears each server node's departure on Ignite's discovery thread,
 * then polls the replication state on a thread of its own until every partition has all
 * its copies again, and tells its listeners about both. Departures that come before the
 * cluster has recovered from an earlier one extend that recovery: the time is measured
 * from the first of them.
 */
final class FailoverTracker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FailoverTracker.class);

	private static final long RECOVERY_POLL_MILLIS = 100;

	private final Ignite ignite;

	private final String cacheName;

	private final Supplier<ReplicationState> state;

	private final Clock clock;

	private final List<ReplicationMonitor.Listener> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService scheduler;

	private final IgnitePredicate<Event> departureListener = this::onDeparture;

	private final Object lock = new Object();

	private @Nullable Failover lastFailover;

	private @Nullable Instant recoveringSince;

	private @Nullable ScheduledFuture<?> recoveryPoll;

	private volatile boolean lossReported;

	/**
	 * Most partitions seen lost at once since the loss was reported: what a reset
	 * accepts.
	 */
	private volatile int lostSeen;

	/**
	 * Creates a tracker and starts listening to departures.
	 * @param ignite the local node
	 * @param cacheName the watched cache, for the log
	 * @param state reads the replication state, on the tracker's own thread
	 * @param clock the clock departures and recoveries are timed with
	 */
	FailoverTracker(Ignite ignite, String cacheName, Supplier<ReplicationState> state, Clock clock) {
		this.ignite = ignite;
		this.cacheName = cacheName;
		this.state = state;
		this.clock = clock;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sessiongrid-replication-" + ignite.name());
			thread.setDaemon(true);
			return thread;
		});
		ignite.events().localListen(this.departureListener, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
	}

	void addListener(ReplicationMonitor.Listener listener) {
		this.listeners.add(listener);
	}

	void removeListener(ReplicationMonitor.Listener listener) {
		this.listeners.remove(listener);
	}

	@Nullable Failover lastFailover() {
		synchronized (this.lock) {
			return this.lastFailover;
		}
	}

	@Override
	public void close() {
		try {
			this.ignite.events().stopLocalListen(this.departureListener);
		}
		catch (IgniteIllegalStateException ex) {
			// the node stopped first
		}
		this.scheduler.shutdownNow();
	}

	private boolean onDeparture(Event event) {
		if (!(event instanceof DiscoveryEvent discovery) || discovery.eventNode().isClient()) {
			return true;
		}
		ClusterNode node = discovery.eventNode();
		Failover.Cause cause = (event.type() == EventType.EVT_NODE_FAILED) ? Failover.Cause.FAILED
				: Failover.Cause.LEFT;
		Failover failover = new Failover(this.clock.instant(), node.id(), String.join(",", node.addresses()), cause,
				null);
		synchronized (this.lock) {
			this.lastFailover = failover;
			if (this.recoveringSince == null) {
				this.recoveringSince = failover.at();
				this.recoveryPoll = this.scheduler.scheduleWithFixedDelay(this::checkRecovery, RECOVERY_POLL_MILLIS,
						RECOVERY_POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
		}
		logger.info("Server node {} ({}) {}; its sessions are now served by their backup copies", node.id(),
				failover.nodeAddress(), (cause == Failover.Cause.FAILED) ? "failed" : "left");
		// Still on Ignite's discovery thread, which must return quickly: listeners only
		// count and record.
		for (ReplicationMonitor.Listener listener : this.listeners) {
			listener.onFailover(failover);
		}
		return true;
	}

	private void checkRecovery() {
		ReplicationState current;
		try {
			current = this.state.get();
		}
		catch (RuntimeException ex) {
			logger.debug("Replication state not readable yet: {}", ex.toString());
			return;
		}
		if (!current.lostPartitions().isEmpty()) {
			this.lostSeen = Math.max(this.lostSeen, current.lostPartitions().size());
			if (!this.lossReported) {
				this.lossReported = true;
				logger.error("{} partitions of cache '{}' lost every copy: more nodes left than there are backups "
						+ "({}). Sessions in them fail with SessionDataLostException until lost partitions are reset.",
						current.lostPartitions().size(), this.cacheName, current.backups());
				for (ReplicationMonitor.Listener listener : this.listeners) {
					listener.onPartitionsLost(current.lostPartitions());
				}
			}
		}
		else if (this.lossReported && current.localNodeInCluster()) {
			// Whoever reset them (this node's policy, another node's, an operator), the
			// loss is accepted now.
			int accepted = this.lostSeen;
			this.lossReported = false;
			this.lostSeen = 0;
			logger.warn("The {} lost partitions of cache '{}' were reset: their sessions are gone, and their users "
					+ "start new ones", accepted, this.cacheName);
			for (ReplicationMonitor.Listener listener : this.listeners) {
				listener.onLostPartitionsReset(accepted);
			}
		}
		if (!current.fullyReplicated()) {
			return;
		}
		Failover recovered;
		Duration took;
		synchronized (this.lock) {
			if (this.recoveringSince == null) {
				return;
			}
			took = Duration.between(this.recoveringSince, this.clock.instant());
			this.recoveringSince = null;
			if (this.recoveryPoll != null) {
				this.recoveryPoll.cancel(false);
				this.recoveryPoll = null;
			}
			recovered = (this.lastFailover != null) ? this.lastFailover.recovered(took) : null;
			this.lastFailover = recovered;
		}
		logger.info("Every partition of cache '{}' has {} copies again, {} ms after the departure", this.cacheName,
				current.backups() + 1, took.toMillis());
		if (recovered != null) {
			for (ReplicationMonitor.Listener listener : this.listeners) {
				listener.onRecovered(recovered);
			}
		}
	}

}
