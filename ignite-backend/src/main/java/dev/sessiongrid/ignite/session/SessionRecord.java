package dev.sessiongrid.ignite.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The stored form of a session: one cache entry keyed by session id. Attribute values are
 * kept as the bytes the {@link AttributeSerializer} made, so the nodes that store them
 * never deserialize them.
 */
public final class SessionRecord {

	private long creationTime;

	private long lastAccessedTime;

	/** Milliseconds; negative means the session never expires. */
	private long maxInactiveMillis;

	private @Nullable String principalName;

	private HashMap<String, byte[]> attributes;

	public SessionRecord(long creationTime, long lastAccessedTime, long maxInactiveMillis,
			@Nullable String principalName, Map<String, byte[]> attributes) {
		this.creationTime = creationTime;
		this.lastAccessedTime = lastAccessedTime;
		this.maxInactiveMillis = maxInactiveMillis;
		this.principalName = principalName;
		this.attributes = new HashMap<>(attributes);
	}

	public long getCreationTime() {
		return this.creationTime;
	}

	public long getLastAccessedTime() {
		return this.lastAccessedTime;
	}

	public long getMaxInactiveMillis() {
		return this.maxInactiveMillis;
	}

	public @Nullable String getPrincipalName() {
		return this.principalName;
	}

	/**
	 * Returns the attribute bytes by name. The map is the record's own: callers copy
	 * before changing it.
	 * @return the attributes
	 */
	public Map<String, byte[]> getAttributes() {
		return this.attributes;
	}

	/**
	 * Tells whether the session has been idle longer than its maximum inactive interval,
	 * by the rule of Spring Session's {@code MapSession}.
	 * @param now the current time in epoch milliseconds
	 * @return whether the session is expired
	 */
	public boolean isExpired(long now) {
		return this.maxInactiveMillis >= 0 && now - this.maxInactiveMillis >= this.lastAccessedTime;
	}

	/**
	 * Returns the serialized size of the attributes, names included, an estimate of the
	 * session's stored size.
	 * @return the size in bytes
	 */
	public long attributeBytes() {
		long size = 0;
		for (Map.Entry<String, byte[]> attribute : this.attributes.entrySet()) {
			size += attribute.getKey().length() + attribute.getValue().length;
		}
		return size;
	}

	SessionRecord with(long lastAccessedTime, long maxInactiveMillis, @Nullable String principalName,
			Map<String, byte[]> attributes) {
		return new SessionRecord(this.creationTime, lastAccessedTime, maxInactiveMillis, principalName, attributes);
	}

	@Override
	public String toString() {
		return "SessionRecord[created=" + Instant.ofEpochMilli(this.creationTime) + ", lastAccessed="
				+ Instant.ofEpochMilli(this.lastAccessedTime) + ", maxInactiveMillis=" + this.maxInactiveMillis
				+ ", attributes=" + this.attributes.keySet() + "]";
	}

}
