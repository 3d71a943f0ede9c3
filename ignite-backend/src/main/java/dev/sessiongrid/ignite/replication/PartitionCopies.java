package dev.sessiongrid.ignite.replication;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState;

/**
 * The copies of one cache's partitions on the live server nodes, counted once from one
 * reading of the partition states: how many complete (OWNING) copies each partition has,
 * on which nodes, and how many copies are still being filled (MOVING). Every number the
 * monitor and the graceful leave report is derived from this, so a copy cannot be counted
 * in one place and missed or counted again in another.
 */
final class PartitionCopies {

	private final int[] owningCopies;

	private final Map<UUID, Set<Integer>> ownedByNode;

	private final int movingCopies;

	private final Set<Integer> lostPartitions;

	private PartitionCopies(int[] owningCopies, Map<UUID, Set<Integer>> ownedByNode, int movingCopies,
			Set<Integer> lostPartitions) {
		this.owningCopies = owningCopies;
		this.ownedByNode = ownedByNode;
		this.movingCopies = movingCopies;
		this.lostPartitions = lostPartitions;
	}

	/**
	 * Counts the copies in a reading of the partition states.
	 * @param partitions the number of partitions of the cache
	 * @param states the state of each partition on each node, as exchanged between nodes;
	 * it may still list nodes that departed
	 * @param liveNodes the server nodes in the cluster now: the only ones whose copies
	 * count
	 * @param lostPartitions the partitions Ignite declared lost
	 * @return the counts
	 */
	static PartitionCopies count(int partitions, Map<UUID, ? extends Map<Integer, GridDhtPartitionState>> states,
			Set<UUID> liveNodes, Collection<Integer> lostPartitions) {
		int[] owning = new int[partitions];
		Map<UUID, Set<Integer>> owned = new HashMap<>();
		int moving = 0;
		for (Map.Entry<UUID, ? extends Map<Integer, GridDhtPartitionState>> node : states.entrySet()) {
			if (!liveNodes.contains(node.getKey())) {
				continue;
			}
			Set<Integer> ownedHere = new HashSet<>();
			for (Map.Entry<Integer, GridDhtPartitionState> partition : node.getValue().entrySet()) {
				if (partition.getValue() == GridDhtPartitionState.OWNING) {
					owning[partition.getKey()]++;
					ownedHere.add(partition.getKey());
				}
				else if (partition.getValue() == GridDhtPartitionState.MOVING) {
					moving++;
				}
			}
			owned.put(node.getKey(), ownedHere);
		}
		return new PartitionCopies(owning, owned, moving, Collections.unmodifiableSet(new HashSet<>(lostPartitions)));
	}

	/**
	 * Returns the number of partitions.
	 * @return the partitions
	 */
	int partitions() {
		return this.owningCopies.length;
	}

	/**
	 * Returns the number of complete copies of a partition on live nodes.
	 * @param partition the partition
	 * @return its OWNING copies
	 */
	int owningCopies(int partition) {
		return this.owningCopies[partition];
	}

	/**
	 * Returns the number of copies being filled on live nodes: one per partition and node
	 * that is filling it.
	 * @return the MOVING copies
	 */
	int movingCopies() {
		return this.movingCopies;
	}

	/**
	 * Returns the partitions Ignite declared lost.
	 * @return the lost partitions
	 */
	Set<Integer> lostPartitions() {
		return this.lostPartitions;
	}

	/**
	 * Counts the partitions of which the given node holds the only complete live copy:
	 * what would be lost if it left now.
	 * @param nodeId the node
	 * @return the partitions with no complete copy elsewhere
	 */
	int soleCopiesOn(UUID nodeId) {
		int sole = 0;
		for (int partition : this.ownedByNode.getOrDefault(nodeId, Set.of())) {
			if (this.owningCopies[partition] == 1) {
				sole++;
			}
		}
		return sole;
	}

}
