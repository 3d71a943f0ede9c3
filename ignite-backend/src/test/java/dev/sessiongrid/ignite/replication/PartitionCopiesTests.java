package dev.sessiongrid.ignite.replication;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState;
import org.junit.jupiter.api.Test;

import static org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState.MOVING;
import static org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState.OWNING;
import static org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState.RENTING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting copies from one reading of the partition states, without a cluster: two live
 * nodes {@code a} and {@code b}, and {@code gone}, which departed but is still in the
 * exchanged map.
 */
class PartitionCopiesTests {

	private final UUID a = UUID.randomUUID();

	private final UUID b = UUID.randomUUID();

	private final UUID gone = UUID.randomUUID();

	/**
	 * Partition 0: complete on both live nodes. 1: complete on a, being filled on b. 2:
	 * complete on a and on the departed node. 3: being filled on b and on the departed
	 * node. 4: complete on b, being given up by a.
	 */
	private final Map<UUID, Map<Integer, GridDhtPartitionState>> states = Map.of(this.a,
			Map.of(0, OWNING, 1, OWNING, 2, OWNING, 4, RENTING), this.b,
			Map.of(0, OWNING, 1, MOVING, 3, MOVING, 4, OWNING), this.gone, Map.of(2, OWNING, 3, MOVING));

	private final PartitionCopies copies = PartitionCopies.count(5, this.states, Set.of(this.a, this.b), List.of(3));

	@Test
	void onlyCompleteCopiesOnLiveNodesCount() {
		assertThat(this.copies.partitions()).isEqualTo(5);
		assertThat(List.of(0, 1, 2, 3, 4).stream().map(this.copies::owningCopies)).containsExactly(2, 1, 1, 0, 1);
	}

	@Test
	void eachMovingCopyOnALiveNodeCountsOnce() {
		// b fills partitions 1 and 3; the departed node's moving copy of 3 is gone with
		// it
		assertThat(this.copies.movingCopies()).isEqualTo(2);
	}

	@Test
	void soleCopiesAreTheCompleteOnesNoOtherLiveNodeHas() {
		// a alone has 1 (b is still filling it) and 2 (the other copy left with the
		// departed node)
		assertThat(this.copies.soleCopiesOn(this.a)).isEqualTo(2);
		// b alone has 4: a is giving it up
		assertThat(this.copies.soleCopiesOn(this.b)).isEqualTo(1);
		assertThat(this.copies.soleCopiesOn(this.gone)).isZero();
	}

	@Test
	void stateIsDerivedFromTheCountedCopies() {
		ReplicationState state = ReplicationState.of(2, 1, this.copies, Map.of());

		assertThat(state.minCopies()).isZero();
		assertThat(state.underReplicatedPartitions()).isEqualTo(4);
		assertThat(state.rebalancingCopies()).isEqualTo(2);
		assertThat(state.lostPartitions()).containsExactly(3);
		assertThat(state.copyDistribution()).containsExactly(Map.entry(0, 1), Map.entry(1, 3), Map.entry(2, 1));
		assertThat(state.fullyReplicated()).isFalse();
	}

	@Test
	void fullyReplicatedWhenEveryPartitionHasAllItsCompleteCopies() {
		PartitionCopies full = PartitionCopies.count(2,
				Map.of(this.a, Map.of(0, OWNING, 1, OWNING), this.b, Map.of(0, OWNING, 1, OWNING)),
				Set.of(this.a, this.b), List.of());

		ReplicationState state = ReplicationState.of(2, 1, full, Map.of());

		assertThat(state.minCopies()).isEqualTo(2);
		assertThat(state.underReplicatedPartitions()).isZero();
		assertThat(state.rebalancingCopies()).isZero();
		assertThat(state.fullyReplicated()).isTrue();
	}

}
