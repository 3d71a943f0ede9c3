package dev.sessiongrid.ignite.session;

/**
 * This instance cannot reach the session store right now: its node stopped (segmented
 * from the cluster, or stopped by its failure handler) and a fresh one is joining. The
 * sessions are still in the cluster; the request should fail as unavailable (e.g. HTTP
 * 503) rather than be answered as if it had no session.
 */
public class SessionStoreUnavailableException extends IllegalStateException {

	public SessionStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public SessionStoreUnavailableException(String message) {
		super(message);
	}

}
