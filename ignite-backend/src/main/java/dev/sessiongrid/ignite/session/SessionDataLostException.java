package dev.sessiongrid.ignite.session;

/**
 * The session's data was on nodes that all left the cluster: more nodes failed than the
 * number of backups. The session is not reported as missing, because it may exist and
 * come back when the partition is recovered; a reset of the lost partitions (by the
 * {@code reset} policy after its delay, or by an operator, see docs/operations.md)
 * accepts the loss, after which the session reads as absent.
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
				+ "It fails until the loss is accepted by a reset of the lost partitions: the reset policy's after its "
				+ "delay, or an operator's (see docs/operations.md).";
	}

	/**
	 * Returns the lost partition the session belongs to.
	 * @return the partition number
	 */
	public int getPartition() {
		return this.partition;
	}

}
