package dev.sessiongrid.ignite.replication;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteIllegalStateException;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.cache.IgniteInternalCache;
import org.apache.ignite.internal.processors.cache.distributed.dht.preloader.GridDhtPartitionFullMap;
import org.apache.ignite.internal.processors.cache.distributed.dht.preloader.GridDhtPartitionMap;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtLocalPartition;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionTopology;
import org.jspecify.annotations.Nullable;

/**
 * One cache's partitions as the local node sees them: where their copies are and in which
 * state, and where Ignite's affinity assigns them. The one class that reads Ignite's
 * internal partition topology.
 * <p>
 * The internal API is needed because the public affinity API tells where copies should
 * be, not where they are while rebalancing: a copy counts only once its partition is
 * OWNING on a node. The exchanged partition map keeps a departed node for a few hundred
 * milliseconds, so only the live server nodes' copies are counted. That map is updated by
 * messages between the nodes, so it may lag a node's own view of its partitions by a
 * moment.
 */
final class PartitionTopology {

	/** Node attribute in which Ignite publishes every node's instance name. */
	private static final String INSTANCE_NAME_ATTRIBUTE = "org.apache.ignite.ignite.name";

	private final Ignite ignite;

	private final String cacheName;

	PartitionTopology(Ignite ignite, String cacheName) {
		this.ignite = ignite;
		this.cacheName = cacheName;
	}

	String cacheName() {
		return this.cacheName;
	}

	/**
	 * Counts the copies of every partition on the live server nodes.
	 * @return the counts, or {@code null} when the cache is not started on this node or
	 * the node stopped
	 */
	@Nullable PartitionCopies copies() {
		GridDhtPartitionTopology topology = topology();
		if (topology == null) {
			return null;
		}
		Map<UUID, Map<Integer, GridDhtPartitionState>> states = new LinkedHashMap<>();
		GridDhtPartitionFullMap full = topology.partitionMap(false);
		for (Map.Entry<UUID, GridDhtPartitionMap> node : full.entrySet()) {
			states.put(node.getKey(), node.getValue().map());
		}
		return PartitionCopies.count(topology.partitions(), states, liveServerNodes(), topology.lostPartitions());
	}

	/**
	 * Counts the partitions of which the given node holds the only complete live copy.
	 * @param nodeId the node
	 * @return the partitions with no complete copy elsewhere, 0 when the cache is not
	 * started here
	 */
	int soleCopiesOn(UUID nodeId) {
		PartitionCopies copies = copies();
		return (copies != null) ? copies.soleCopiesOn(nodeId) : 0;
	}

	/**
	 * Counts the copies still being filled on live nodes.
	 * @return the MOVING copies, 0 when the cache is not started here
	 */
	int movingCopies() {
		PartitionCopies copies = copies();
		return (copies != null) ? copies.movingCopies() : 0;
	}

	/**
	 * Counts the partitions of the cache that the local node is still filling, e.g. its
	 * share after it joined.
	 * @return the MOVING partitions here, or -1 when the cache is not started on this
	 * node (nothing to hold yet)
	 */
	int localMovingPartitions() {
		GridDhtPartitionTopology topology = topology();
		if (topology == null) {
			return -1;
		}
		int moving = 0;
		for (GridDhtLocalPartition partition : topology.localPartitions()) {
			if (partition.state() == GridDhtPartitionState.MOVING) {
				moving++;
			}
		}
		return moving;
	}

	/**
	 * Returns the ids of the server nodes in the cluster now.
	 * @return the live server nodes
	 */
	Set<UUID> liveServerNodes() {
		Set<UUID> ids = new HashSet<>();
		for (ClusterNode node : this.ignite.cluster().forServers().nodes()) {
			ids.add(node.id());
		}
		return ids;
	}

	/**
	 * Tells whether the local node is still a member of the cluster and not stopping.
	 * @return whether it is in the cluster
	 */
	boolean localNodeInCluster() {
		try {
			return this.ignite.cluster().node(this.ignite.cluster().localNode().id()) != null
					&& !((IgniteEx) this.ignite).context().isStopping();
		}
		catch (IgniteIllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Tells whether the local node is the oldest server node of the cluster.
	 * @return whether it is, {@code false} when it is not in the cluster
	 */
	boolean localNodeIsOldest() {
		try {
			ClusterNode oldest = this.ignite.cluster().forServers().forOldest().node();
			return oldest != null && oldest.isLocal();
		}
		catch (IgniteIllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Returns, for every live server node, how many partitions Ignite's affinity assigns
	 * it as primary and as backup.
	 * @return the assignment by node id, in the order the cluster lists the nodes
	 */
	Map<UUID, ReplicationState.NodeOwnership> assignment() {
		Affinity<Object> affinity = this.ignite.affinity(this.cacheName);
		Map<UUID, ReplicationState.NodeOwnership> result = new LinkedHashMap<>();
		for (ClusterNode node : this.ignite.cluster().forServers().nodes()) {
			result.put(node.id(),
					new ReplicationState.NodeOwnership(node.id(), name(node), String.valueOf(node.consistentId()),
							node.addresses(), affinity.primaryPartitions(node).length,
							affinity.backupPartitions(node).length));
		}
		return result;
	}

	/**
	 * Tells where the copies of one key are: its partition, the node assigned its primary
	 * copy and those assigned its backups, each with the state of the partition there.
	 * Needs only the key, not the entry.
	 * @param key a key of the cache
	 * @return where its copies are
	 */
	SessionCopies copiesOf(Object key) {
		Affinity<Object> affinity = this.ignite.affinity(this.cacheName);
		int partition = affinity.partition(key);
		GridDhtPartitionTopology topology = topology();
		List<SessionCopies.Copy> copies = affinity.mapPartitionToPrimaryAndBackups(partition)
			.stream()
			.map((node) -> copy(node, partition, topology))
			.toList();
		return new SessionCopies(this.cacheName, partition, copies.isEmpty() ? null : copies.get(0),
				copies.isEmpty() ? List.of() : copies.subList(1, copies.size()));
	}

	private static SessionCopies.Copy copy(ClusterNode node, int partition,
			@Nullable GridDhtPartitionTopology topology) {
		GridDhtPartitionState state = (topology != null) ? topology.partitionState(node.id(), partition) : null;
		return new SessionCopies.Copy(node.id(), name(node), String.valueOf(node.consistentId()), node.addresses(),
				(state != null) ? state.name().toLowerCase(Locale.ROOT) : "unknown");
	}

	private static String name(ClusterNode node) {
		Object instance = node.attribute(INSTANCE_NAME_ATTRIBUTE);
		return (instance != null) ? instance.toString() : String.valueOf(node.consistentId());
	}

	private @Nullable GridDhtPartitionTopology topology() {
		try {
			IgniteInternalCache<Object, Object> cache = ((IgniteEx) this.ignite).cachex(this.cacheName);
			return (cache != null) ? cache.context().topology() : null;
		}
		catch (IgniteIllegalStateException ex) {
			return null;
		}
	}

}
