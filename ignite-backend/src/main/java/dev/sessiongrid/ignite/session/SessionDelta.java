package dev.sessiongrid.ignite.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.cache.processor.MutableEntry;

import org.apache.ignite.cache.CacheEntryProcessor;
import org.jspecify.annotations.Nullable;

/**
 * The changes one {@code save()} makes to an existing session, applied on the node that owns the primary copy so
 * that only the changes travel, and concurrent saves of different attributes of one session all survive.
 * <p>
 * The entry processor does nothing when the entry is gone, so a session deleted or expired meanwhile is never
 * resurrected by a late save. It is idempotent, as Ignite may apply it again after a topology change.
 */
public final class SessionDelta implements CacheEntryProcessor<String, SessionRecord, Boolean> {

	private static final long serialVersionUID = 1L;

	private final long lastAccessedTime;

	private final long maxInactiveMillis;

	private final boolean principalChanged;

	private final @Nullable String principalName;

	private final HashMap<String, byte[]> setAttributes;

	private final HashSet<String> removedAttributes;

	SessionDelta(long lastAccessedTime, long maxInactiveMillis, boolean principalChanged,
			@Nullable String principalName, Map<String, byte[]> setAttributes, Set<String> removedAttributes) {
		this.lastAccessedTime = lastAccessedTime;
		this.maxInactiveMillis = maxInactiveMillis;
		this.principalChanged = principalChanged;
		this.principalName = principalName;
		this.setAttributes = new HashMap<>(setAttributes);
		this.removedAttributes = new HashSet<>(removedAttributes);
	}

	@Override
	public Boolean process(MutableEntry<String, SessionRecord> entry, Object... arguments) {
		SessionRecord current = entry.exists() ? entry.getValue() : null;
		if (current == null) {
			return Boolean.FALSE;
		}
		entry.setValue(applyTo(current));
		return Boolean.TRUE;
	}

	/**
	 * Returns the record with these changes applied; the given record is not changed.
	 * @param current the stored record
	 * @return the patched copy
	 */
	SessionRecord applyTo(SessionRecord current) {
		Map<String, byte[]> attributes = new HashMap<>(current.getAttributes());
		attributes.keySet().removeAll(this.removedAttributes);
		attributes.putAll(this.setAttributes);
		// Of two concurrent requests, the one that started earlier may save last: never move the last access
		// back, so the session never expires earlier than its latest request implies.
		long lastAccessed = Math.max(current.getLastAccessedTime(), this.lastAccessedTime);
		String principal = this.principalChanged ? this.principalName : current.getPrincipalName();
		return current.with(lastAccessed, this.maxInactiveMillis, principal, attributes);
	}

	/**
	 * Returns the number of attribute bytes this delta carries, for measuring what a save sends.
	 * @return the size in bytes
	 */
	public long attributeBytes() {
		long size = 0;
		for (byte[] value : this.setAttributes.values()) {
			size += value.length;
		}
		return size;
	}

	Set<String> setAttributeNames() {
		return this.setAttributes.keySet();
	}

	Set<String> removedAttributeNames() {
		return this.removedAttributes;
	}

}
