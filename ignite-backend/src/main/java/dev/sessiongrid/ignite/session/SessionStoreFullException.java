package dev.sessiongrid.ignite.session;

import org.jspecify.annotations.Nullable;

/**
 * The node's session memory is nearly full, so no new session is stored; existing
 * sessions still work. Raise the maximum size of the node's data region, add nodes, or
 * shorten the session timeout.
 */
public class SessionStoreFullException extends IllegalStateException {

	private final long usedSize;

	private final long maxSize;

	public SessionStoreFullException(long usedSize, long maxSize) {
		this(usedSize, maxSize, null);
	}

	/**
	 * Creates the exception, its message naming where the memory limit is set.
	 * @param hint where the limit is set, e.g. a property name, or {@code null}
	 */
	public SessionStoreFullException(long usedSize, long maxSize, @Nullable String hint) {
		super("Session memory of this node is " + (usedSize * 100 / maxSize) + "% used (" + usedSize + " of " + maxSize
				+ " bytes): new sessions are refused above " + MemoryGuard.MAX_USED_PERCENT
				+ "% so that the node does not run out and stop. Raise the maximum memory of the node's data region"
				+ ((hint != null) ? " (" + hint + ")" : "") + ", add nodes, or shorten the session timeout.");
		this.usedSize = usedSize;
		this.maxSize = maxSize;
	}

	/**
	 * Returns the estimated session memory in use when the session was refused.
	 * @return the size in bytes
	 */
	public long getUsedSize() {
		return this.usedSize;
	}

	/**
	 * Returns the maximum size of the node's data region.
	 * @return the limit in bytes
	 */
	public long getMaxSize() {
		return this.maxSize;
	}

}
