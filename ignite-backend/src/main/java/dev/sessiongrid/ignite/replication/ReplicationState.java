package dev.sessiongrid.ignite.replication;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One reading of the sessions cache's replication, as this node sees it.
 *
 * @param serverNodes live server nodes in the cluster
 * @param backups configured backup copies per partition
 * @param partitions number of partitions of the cache
 * @param minCopies fewest complete live copies of any partition (0 when some partition
 * has none)
 * @param underReplicatedPartitions partitions with fewer than {@code backups + 1}
 * complete live copies
 * @param lostPartitions partitions Ignite declared lost (every copy gone)
 * @param rebalancingCopies copies of partitions still being filled (MOVING) on live
 * nodes: one per partition and node filling it
 * @param copyDistribution number of partitions by number of complete live copies
 * @param nodes what Ignite's affinity assigns each live server node
 * @param localNodeInCluster whether this node is still a member of the cluster
 */
public record ReplicationState(int serverNodes, int backups, int partitions, int minCopies,
		int underReplicatedPartitions, Set<Integer> lostPartitions, int rebalancingCopies,
		SortedMap<Integer, Integer> copyDistribution, Map<UUID, NodeOwnership> nodes, boolean localNodeInCluster) {

	/**
	 * The state of a node that cannot read the partitions: not in the cluster, or without
	 * the cache.
	 */
	static ReplicationState empty(int serverNodes, int backups, boolean localNodeInCluster) {
		return new ReplicationState(serverNodes, backups, 0, 0, 0, Set.of(), 0, new TreeMap<>(), Map.of(),
				localNodeInCluster);
	}

	/**
	 * Derives the state from the counted copies.
	 */
	static ReplicationState of(int serverNodes, int backups, PartitionCopies copies, Map<UUID, NodeOwnership> nodes) {
		int min = Integer.MAX_VALUE;
		int under = 0;
		SortedMap<Integer, Integer> distribution = new TreeMap<>();
		for (int partition = 0; partition < copies.partitions(); partition++) {
			int count = copies.owningCopies(partition);
			min = Math.min(min, count);
			if (count < backups + 1) {
				under++;
			}
			distribution.merge(count, 1, Integer::sum);
		}
		return new ReplicationState(serverNodes, backups, copies.partitions(), (copies.partitions() > 0) ? min : 0,
				under, copies.lostPartitions(), copies.movingCopies(), distribution, nodes, true);
	}

	/**
	 * Tells whether every partition has all its copies and none is lost or moving.
	 * @return whether redundancy is complete
	 */
	public boolean fullyReplicated() {
		return this.localNodeInCluster && this.underReplicatedPartitions == 0 && this.lostPartitions.isEmpty()
				&& this.rebalancingCopies == 0;
	}

	/**
	 * What Ignite's affinity assigns one node: where copies belong once rebalancing is
	 * done, which may differ from where complete copies are meanwhile.
	 *
	 * @param nodeId the node's id
	 * @param name the node's Ignite instance name, if known, else its consistent id
	 * @param consistentId the node's consistent id, which stays the same across restarts
	 * @param addresses the node's addresses
	 * @param primaries partitions whose primary copy is assigned to it
	 * @param backups partitions of which a backup copy is assigned to it
	 */
	public record NodeOwnership(UUID nodeId, String name, String consistentId, Collection<String> addresses,
			int primaries, int backups) {
	}

}
