package dev.sessiongrid.ignite.replication;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * One reading of the sessions cache's replication, as this node sees it.
 *
 * @param serverNodes live server nodes in the cluster
 * @param backups configured backup copies per partition
 * @param partitions number of partitions of the cache
 * @param minCopies fewest live owning copies of any partition (0 when some partition has none)
 * @param underReplicatedPartitions partitions with fewer than {@code backups + 1} live owning copies
 * @param lostPartitions partitions Ignite declared lost (every copy gone)
 * @param rebalancingPartitions partition copies still being filled (MOVING) on live nodes
 * @param copyDistribution number of partitions by number of live copies
 * @param nodes ownership per live server node
 * @param localNodeInCluster whether this node is still a member of the cluster
 */
public record ReplicationState(int serverNodes, int backups, int partitions, int minCopies,
		int underReplicatedPartitions, Set<Integer> lostPartitions, int rebalancingPartitions,
		SortedMap<Integer, Integer> copyDistribution, Map<UUID, NodeOwnership> nodes, boolean localNodeInCluster) {

	/**
	 * Tells whether every partition has all its copies and none is lost or moving.
	 * @return whether redundancy is complete
	 */
	public boolean fullyReplicated() {
		return this.localNodeInCluster && this.underReplicatedPartitions == 0 && this.lostPartitions.isEmpty()
				&& this.rebalancingPartitions == 0;
	}

	/**
	 * What one node holds.
	 *
	 * @param nodeId the node's id
	 * @param name the node's Ignite instance name, if known
	 * @param addresses the node's addresses
	 * @param primaries partitions for which it holds the primary copy
	 * @param backups partitions for which it holds a backup copy
	 */
	public record NodeOwnership(UUID nodeId, String name, Collection<String> addresses, int primaries,
			int backups) {
	}

}
