package dev.sessiongrid.ignite.session;

/**
 * The node's session memory is nearly full, so no new session is stored; existing sessions still work. Raise
 * {@code sessiongrid.node.max-memory}, add nodes, or shorten the session timeout.
 */
public class SessionStoreFullException extends IllegalStateException {

	public SessionStoreFullException(long usedSize, long maxSize) {
		super("Session memory of this node is " + (usedSize * 100 / maxSize) + "% used (" + usedSize + " of " + maxSize
				+ " bytes): new sessions are refused above " + MemoryGuard.MAX_USED_PERCENT
				+ "% so that the node does not run out and stop. Raise sessiongrid.node.max-memory, add nodes, "
				+ "or shorten the session timeout.");
	}

}
