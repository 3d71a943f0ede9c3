package dev.sessiongrid.ignite.replication;

/**
 * What the cluster does with partitions that lost every copy, once the loss is reported.
 */
public enum LostPartitionPolicy {

	/**
	 * Accept the loss after a delay: the lost sessions read as absent from then on, and
	 * their users start new sessions as after a timeout. Until then they fail with an
	 * error.
	 */
	RESET,

	/**
	 * Keep failing the lost sessions, and refusing new sessions whose id falls into a
	 * lost partition, until an operator resets the lost partitions.
	 */
	BLOCK

}
