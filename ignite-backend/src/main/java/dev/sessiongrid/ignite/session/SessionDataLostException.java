package dev.sessiongrid.ignite.session;

/**
 * The session's data was on nodes that all left the cluster: more nodes failed than the number of backups. The
 * session is not reported as missing, because it may exist and come back when the partition is recovered; an
 * operator resets lost partitions (see docs/operations.md) to accept the loss and carry on.
 */
public class SessionDataLostException extends IllegalStateException {

	private final int partition;

	public SessionDataLostException(String sessionId, String cacheName, int partition, Throwable cause) {
		super("Session " + SessionIds.abbreviate(sessionId) + " is in partition " + partition + " of cache '" + cacheName
				+ "', whose every copy was lost when more nodes left than there are backups. "
				+ "Reset lost partitions to accept the loss (see docs/operations.md).", cause);
		this.partition = partition;
	}

	/**
	 * Returns the lost partition the session belongs to.
	 * @return the partition number
	 */
	public int getPartition() {
		return this.partition;
	}

}
