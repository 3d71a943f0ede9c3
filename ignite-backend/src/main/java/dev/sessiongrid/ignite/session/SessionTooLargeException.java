package dev.sessiongrid.ignite.session;

import org.jspecify.annotations.Nullable;

/**
 * A session would exceed the configured maximum size once serialized. Nothing was
 * written: the stored session is as it was before the save.
 */
public class SessionTooLargeException extends IllegalStateException {

	private final long size;

	private final long maxSize;

	public SessionTooLargeException(String sessionId, long size, long maxSize, String largestAttributes) {
		this(sessionId, size, maxSize, largestAttributes, null);
	}

	/**
	 * Creates the exception, its message naming where the limit is set.
	 * @param hint where the limit is set, e.g. a property name, or {@code null}
	 */
	public SessionTooLargeException(String sessionId, long size, long maxSize, String largestAttributes,
			@Nullable String hint) {
		super("Session " + SessionIds.abbreviate(sessionId) + " is " + size
				+ " bytes serialized, over the maximum session size of " + maxSize + " bytes"
				+ ((hint != null) ? " (" + hint + ")" : "") + "; largest attributes: " + largestAttributes
				+ ". It was not saved.");
		this.size = size;
		this.maxSize = maxSize;
	}

	/**
	 * Returns the serialized size of the rejected session.
	 * @return the size in bytes
	 */
	public long getSize() {
		return this.size;
	}

	/**
	 * Returns the configured limit.
	 * @return the limit in bytes
	 */
	public long getMaxSize() {
		return this.maxSize;
	}

}
