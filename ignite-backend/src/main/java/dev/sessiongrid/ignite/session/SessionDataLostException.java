package dev.sessiongrid.ignite.session;

/**
 * The session's data was on nodes that all left the cluster: more nodes failed than the
 * number of backups. The session is not reported as missing, because it may exist and
 * come back when the partition is recovered; an operator resets lost partitions (see
 * docs/operations.md) to accept the loss and carry on.
 */
public class SessionDataLostException extends IllegalStateException {

	private final int partition;

	public SessionDataLostException(String sessionId, String cacheName, int partition, Throwable cause) {
		this(message("Session " + SessionIds.abbreviate(sessionId), cacheName, partition), partition, cause);
	}

	private SessionDataLostException(String message, int partition, Throwable cause) {
		super(message, cause);
		this.partition = partition;
	}

	/**
	 * Creates the exception for data other than one session's record, e.g. the principal
	 * index entry of a user.
	 * @param subject what was lost, as the message's subject, e.g. "Sessions of principal
	 * bo…"
	 */
	static SessionDataLostException of(String subject, String cacheName, int partition, Throwable cause) {
		return new SessionDataLostException(message(subject, cacheName, partition), partition, cause);
	}

	private static String message(String subject, String cacheName, int partition) {
		return subject + " is in partition " + partition + " of cache '" + cacheName
				+ "', whose every copy was lost when more nodes left than there are backups. "
				+ "Reset lost partitions to accept the loss (see docs/operations.md).";
	}

	/**
	 * Returns the lost partition the session belongs to.
	 * @return the partition number
	 */
	public int getPartition() {
		return this.partition;
	}

}
