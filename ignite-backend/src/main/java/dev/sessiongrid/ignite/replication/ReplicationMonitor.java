package dev.sessiongrid.ignite.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteIllegalStateException;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.cache.IgniteInternalCache;
import org.apache.ignite.internal.processors.cache.distributed.dht.preloader.GridDhtPartitionFullMap;
import org.apache.ignite.internal.processors.cache.distributed.dht.preloader.GridDhtPartitionMap;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionTopology;
import org.apache.ignite.lang.IgnitePredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads where the copies of a cache's partitions are, and follows failovers: each server node's departure, and the
 * time until every partition again has {@code backups + 1} copies.
 * <p>
 * Ownership comes from Ignite's partition topology (the OWNING state of each partition on each node, as exchanged
 * between nodes), an internal API: the public affinity API tells where copies should be, not where they are while
 * rebalancing. It is read here only, restricted to live nodes, because the exchanged map keeps a departed node for
 * a few hundred milliseconds.
 */
public class ReplicationMonitor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ReplicationMonitor.class);

	private static final long RECOVERY_POLL_MILLIS = 100;

	private final Ignite ignite;

	private final String cacheName;

	private final int backups;

	private final Clock clock;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService scheduler;

	private final IgnitePredicate<Event> departureListener = this::onDeparture;

	private final Object lock = new Object();

	private @Nullable Failover lastFailover;

	private @Nullable Instant recoveringSince;

	private @Nullable ScheduledFuture<?> recoveryPoll;

	private volatile boolean lossReported;

	/**
	 * Creates a monitor and starts listening to departures.
	 * @param ignite the local node
	 * @param cacheName the cache to watch
	 * @param backups the configured number of backups
	 */
	public ReplicationMonitor(Ignite ignite, String cacheName, int backups) {
		this(ignite, cacheName, backups, Clock.systemUTC());
	}

	ReplicationMonitor(Ignite ignite, String cacheName, int backups, Clock clock) {
		this.ignite = ignite;
		this.cacheName = cacheName;
		this.backups = backups;
		this.clock = clock;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sessiongrid-replication-" + ignite.name());
			thread.setDaemon(true);
			return thread;
		});
		ignite.events().localListen(this.departureListener, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
	}

	/**
	 * Registers a listener of failovers and recoveries.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Removes a listener; does nothing if it was not added.
	 * @param listener the listener
	 */
	public void removeListener(Listener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Returns the configured number of backups.
	 * @return the backups
	 */
	public int getBackups() {
		return this.backups;
	}

	/**
	 * Returns the name of the watched cache.
	 * @return the cache name
	 */
	public String getCacheName() {
		return this.cacheName;
	}

	/**
	 * Returns the most recent departure of a server node, with its recovery time once known.
	 * @return the last failover, or {@code null} if none was seen
	 */
	public @Nullable Failover lastFailover() {
		synchronized (this.lock) {
			return this.lastFailover;
		}
	}

	/**
	 * Reads the current replication state.
	 * @return the state
	 */
	public ReplicationState state() {
		Set<UUID> live = liveServerNodes(this.ignite);
		boolean inCluster = isLocalNodeInCluster();
		GridDhtPartitionTopology topology = topology(this.ignite, this.cacheName);
		if (topology == null || !inCluster) {
			return new ReplicationState(live.size(), this.backups, 0, 0, 0, Set.of(), 0, new TreeMap<>(), Map.of(),
					inCluster);
		}
		int partitions = topology.partitions();
		int[] copies = new int[partitions];
		int moving = 0;
		GridDhtPartitionFullMap full = topology.partitionMap(false);
		for (Map.Entry<UUID, GridDhtPartitionMap> node : full.entrySet()) {
			if (!live.contains(node.getKey())) {
				continue;
			}
			for (Map.Entry<Integer, GridDhtPartitionState> partition : node.getValue().entrySet()) {
				if (partition.getValue() == GridDhtPartitionState.OWNING) {
					copies[partition.getKey()]++;
				}
				else if (partition.getValue() == GridDhtPartitionState.MOVING) {
					moving++;
				}
			}
		}
		int min = Integer.MAX_VALUE;
		int under = 0;
		SortedMap<Integer, Integer> distribution = new TreeMap<>();
		for (int count : copies) {
			min = Math.min(min, count);
			if (count < this.backups + 1) {
				under++;
			}
			distribution.merge(count, 1, Integer::sum);
		}
		Set<Integer> lost = Collections.unmodifiableSet(new HashSet<>(topology.lostPartitions()));
		return new ReplicationState(live.size(), this.backups, partitions, (partitions > 0) ? min : 0, under, lost,
				moving, distribution, ownership(), true);
	}

	/**
	 * Counts the partitions of which the given node holds the only live owning copy: what would be lost if it left
	 * now. A leaving node waits for this to reach zero.
	 * @param nodeId the node
	 * @return the number of partitions with no copy elsewhere
	 */
	public int partitionsWithoutCopyElsewhere(UUID nodeId) {
		return soleCopies(this.ignite, this.cacheName, nodeId);
	}

	/**
	 * Counts the partitions of a cache of which the given node holds the only live owning copy.
	 * @param ignite a node of the cluster
	 * @param cacheName the cache
	 * @param nodeId the node whose sole copies are counted
	 * @return the number of partitions with no live copy elsewhere
	 */
	static int soleCopies(Ignite ignite, String cacheName, UUID nodeId) {
		GridDhtPartitionTopology topology = topology(ignite, cacheName);
		if (topology == null) {
			return 0;
		}
		Set<UUID> live = liveServerNodes(ignite);
		int sole = 0;
		for (int partition = 0; partition < topology.partitions(); partition++) {
			boolean ownedHere = false;
			boolean ownedElsewhere = false;
			for (ClusterNode owner : topology.owners(partition)) {
				if (owner.id().equals(nodeId)) {
					ownedHere = true;
				}
				else if (live.contains(owner.id())) {
					ownedElsewhere = true;
				}
			}
			if (ownedHere && !ownedElsewhere) {
				sole++;
			}
		}
		return sole;
	}

	/**
	 * Counts the partition copies of a cache still being filled (MOVING) on live nodes.
	 * @param ignite a node of the cluster
	 * @param cacheName the cache
	 * @return the number of moving copies
	 */
	static int movingCopies(Ignite ignite, String cacheName) {
		GridDhtPartitionTopology topology = topology(ignite, cacheName);
		if (topology == null) {
			return 0;
		}
		Set<UUID> live = liveServerNodes(ignite);
		int moving = 0;
		for (Map.Entry<UUID, GridDhtPartitionMap> node : topology.partitionMap(false).entrySet()) {
			if (live.contains(node.getKey())) {
				for (GridDhtPartitionState state : node.getValue().map().values()) {
					if (state == GridDhtPartitionState.MOVING) {
						moving++;
					}
				}
			}
		}
		return moving;
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

	private Map<UUID, ReplicationState.NodeOwnership> ownership() {
		Affinity<Object> affinity = this.ignite.affinity(this.cacheName);
		Map<UUID, ReplicationState.NodeOwnership> result = new LinkedHashMap<>();
		for (ClusterNode node : this.ignite.cluster().forServers().nodes()) {
			String name = String.valueOf(node.consistentId());
			Object instance = node.attribute("org.apache.ignite.ignite.name");
			if (instance != null) {
				name = instance.toString();
			}
			result.put(node.id(), new ReplicationState.NodeOwnership(node.id(), name, node.addresses(),
					affinity.primaryPartitions(node).length, affinity.backupPartitions(node).length));
		}
		return result;
	}

	private static Set<UUID> liveServerNodes(Ignite ignite) {
		Set<UUID> ids = new HashSet<>();
		for (ClusterNode node : ignite.cluster().forServers().nodes()) {
			ids.add(node.id());
		}
		return ids;
	}

	private boolean isLocalNodeInCluster() {
		try {
			return this.ignite.cluster().node(this.ignite.cluster().localNode().id()) != null
					&& !((IgniteEx) this.ignite).context().isStopping();
		}
		catch (IgniteIllegalStateException ex) {
			return false;
		}
	}

	private static @Nullable GridDhtPartitionTopology topology(Ignite ignite, String cacheName) {
		try {
			IgniteInternalCache<Object, Object> cache = ((IgniteEx) ignite).cachex(cacheName);
			return (cache != null) ? cache.context().topology() : null;
		}
		catch (IgniteIllegalStateException ex) {
			return null;
		}
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
				this.lossReported = false;
				this.recoveryPoll = this.scheduler.scheduleWithFixedDelay(this::checkRecovery, RECOVERY_POLL_MILLIS,
						RECOVERY_POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
		}
		logger.info("Server node {} ({}) {}; its sessions are now served by their backup copies", node.id(),
				failover.nodeAddress(), (cause == Failover.Cause.FAILED) ? "failed" : "left");
		for (Listener listener : this.listeners) {
			listener.onFailover(failover);
		}
		// Discovery listeners must return quickly: everything else happens on our own thread.
		return true;
	}

	private void checkRecovery() {
		ReplicationState state;
		try {
			state = state();
		}
		catch (RuntimeException ex) {
			logger.debug("Replication state not readable yet: {}", ex.toString());
			return;
		}
		if (!state.lostPartitions().isEmpty() && !this.lossReported) {
			this.lossReported = true;
			logger.error("{} partitions of cache '{}' lost every copy: more nodes left than there are backups ({}). "
					+ "Sessions in them fail with SessionDataLostException until lost partitions are reset.",
					state.lostPartitions().size(), this.cacheName, this.backups);
		}
		if (!state.fullyReplicated()) {
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
				this.backups + 1, took.toMillis());
		if (recovered != null) {
			for (Listener listener : this.listeners) {
				listener.onRecovered(recovered);
			}
		}
	}

	/**
	 * Hears failovers as they happen.
	 */
	public interface Listener {

		/**
		 * A server node departed.
		 * @param failover the departure
		 */
		default void onFailover(Failover failover) {
		}

		/**
		 * Every partition has all its copies again since the first departure not yet recovered from.
		 * @param failover the last departure, with its recovery time
		 */
		default void onRecovered(Failover failover) {
		}

	}

}
