package dev.sessiongrid.ignite.replication;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;

import dev.sessiongrid.ignite.node.SessiongridNode;

/**
 * Where the copies of a cache's partitions are, and the failovers: what metrics, health
 * and the Actuator endpoint read. It puts together the two parts that do the work: the
 * {@link PartitionTopology} of the cache, which reads Ignite's internal partition state,
 * and a {@link FailoverTracker}, which hears each server node's departure and times the
 * cluster until every partition has {@code backups + 1} copies again.
 * <p>
 * Over a {@link SessiongridNode} that heals, both parts are built again for each fresh
 * node (they hold the node, and Ignite's listeners die with it); the monitor's listeners
 * carry over, and while there is no node the state says this node is not in the cluster.
 */
public class ReplicationMonitor implements AutoCloseable {

	private final String cacheName;

	private final int backups;

	private final Clock clock;

	private final @Nullable SessiongridNode node;

	private final SessiongridNode.Listener nodeListener = this::onNodeReplaced;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private volatile PartitionTopology topology;

	private volatile FailoverTracker failovers;

	/**
	 * The last failover a tracker of a replaced node saw, until the current one sees one.
	 */
	private volatile @Nullable Failover earlierFailover;

	private boolean closed;

	/**
	 * Creates a monitor and starts listening to departures.
	 * @param ignite the local node
	 * @param cacheName the cache to watch
	 * @param backups the configured number of backups
	 */
	public ReplicationMonitor(Ignite ignite, String cacheName, int backups) {
		this(ignite, cacheName, backups, Clock.systemUTC());
	}

	/**
	 * Creates a monitor of the node a holder has now, and of each node that replaces it.
	 * @param node the holder of the local node
	 * @param cacheName the cache to watch
	 * @param backups the configured number of backups
	 */
	public ReplicationMonitor(SessiongridNode node, String cacheName, int backups) {
		this(node.ignite(), node, cacheName, backups, Clock.systemUTC());
	}

	ReplicationMonitor(Ignite ignite, String cacheName, int backups, Clock clock) {
		this(ignite, null, cacheName, backups, clock);
	}

	private ReplicationMonitor(Ignite ignite, @Nullable SessiongridNode node, String cacheName, int backups,
			Clock clock) {
		this.cacheName = cacheName;
		this.backups = backups;
		this.clock = clock;
		this.node = node;
		this.topology = new PartitionTopology(ignite, cacheName);
		this.failovers = new FailoverTracker(ignite, cacheName, this::state, clock);
		if (node != null) {
			node.addListener(this.nodeListener);
		}
	}

	/**
	 * Registers a listener of failovers and recoveries.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		synchronized (this.lock) {
			this.listeners.add(listener);
			this.failovers.addListener(listener);
		}
	}

	/**
	 * Removes a listener; does nothing if it was not added.
	 * @param listener the listener
	 */
	public void removeListener(Listener listener) {
		synchronized (this.lock) {
			this.listeners.remove(listener);
			this.failovers.removeListener(listener);
		}
	}

	/**
	 * Returns the name of the watched cache.
	 * @return the cache name
	 */
	public String getCacheName() {
		return this.cacheName;
	}

	/**
	 * Returns the most recent departure of a server node, with its recovery time once
	 * known.
	 * @return the last failover, or {@code null} if none was seen
	 */
	public @Nullable Failover lastFailover() {
		Failover last = this.failovers.lastFailover();
		return (last != null) ? last : this.earlierFailover;
	}

	/**
	 * Reads the current replication state.
	 * @return the state
	 */
	public ReplicationState state() {
		Set<UUID> live = this.topology.liveServerNodes();
		// A node that must not serve (segmented, or its JVM stood still long enough to be
		// dropped) is out of the cluster as far as its users are concerned.
		boolean inCluster = this.topology.localNodeInCluster() && (this.node == null || this.node.refusal() == null);
		PartitionCopies copies = inCluster ? this.topology.copies() : null;
		if (copies == null) {
			return ReplicationState.empty(live.size(), this.backups, inCluster);
		}
		return ReplicationState.of(live.size(), this.backups, copies, this.topology.assignment());
	}

	/**
	 * Tells where the copies of one session are, from its id alone: the session is not
	 * read, and need not exist.
	 * @param sessionId the session's id
	 * @return its partition and the nodes assigned its primary and backup copies
	 */
	public SessionCopies copiesOf(String sessionId) {
		return this.topology.copiesOf(sessionId);
	}

	/**
	 * Counts the partitions of which the given node holds the only complete live copy:
	 * what would be lost if it left now.
	 * @param nodeId the node
	 * @return the number of partitions with no copy elsewhere
	 */
	public int partitionsWithoutCopyElsewhere(UUID nodeId) {
		return this.topology.soleCopiesOn(nodeId);
	}

	/**
	 * Tells whether this node is in the cluster and holds its share of the cache: the
	 * cache is started here and none of the partitions assigned to this node is still
	 * being filled.
	 * @return whether the node holds its share
	 */
	public boolean holdsItsShare() {
		return this.topology.localNodeInCluster() && this.topology.localMovingPartitions() == 0;
	}

	/**
	 * Tells whether this node is the oldest server node of the cluster, the one that acts
	 * for the cluster when only one node should.
	 * @return whether it is the oldest, {@code false} when it is not in the cluster
	 */
	public boolean isOldestServerNode() {
		return this.topology.localNodeIsOldest();
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			this.closed = true;
			if (this.node != null) {
				this.node.removeListener(this.nodeListener);
			}
			this.failovers.close();
		}
	}

	private void onNodeReplaced(Ignite fresh) {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			FailoverTracker old = this.failovers;
			Failover last = old.lastFailover();
			if (last != null) {
				this.earlierFailover = last;
			}
			old.close();
			this.topology = new PartitionTopology(fresh, this.cacheName);
			FailoverTracker tracker = new FailoverTracker(fresh, this.cacheName, this::state, this.clock);
			this.listeners.forEach(tracker::addListener);
			this.failovers = tracker;
		}
	}

	/**
	 * Hears failovers as they happen.
	 */
	public interface Listener {

		/**
		 * A server node departed. Called on Ignite's discovery thread, which must not be
		 * held up: record, do not wait.
		 * @param failover the departure
		 */
		default void onFailover(Failover failover) {
		}

		/**
		 * Every partition has all its copies again since the first departure not yet
		 * recovered from. Called on the monitor's own thread.
		 * @param failover the last departure, with its recovery time
		 */
		default void onRecovered(Failover failover) {
		}

		/**
		 * Partitions lost every copy: their sessions fail with an error until the loss is
		 * accepted by a reset. Called once per loss, on the monitor's own thread, after
		 * the loss was logged.
		 * @param partitions the lost partitions
		 */
		default void onPartitionsLost(Set<Integer> partitions) {
		}

		/**
		 * Lost partitions were reset, by whichever node or operator: their sessions read
		 * as absent from now on. Called on the monitor's own thread, once per reported
		 * loss.
		 * @param partitions the number of partitions whose loss was accepted
		 */
		default void onLostPartitionsReset(int partitions) {
		}

	}

}
