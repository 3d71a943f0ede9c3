package dev.sessiongrid.ignite.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.processor.MutableEntry;

import org.apache.ignite.cache.CacheEntryProcessor;
import org.jspecify.annotations.Nullable;

/**
 * The changes one {@code save()} makes to a session, built from the session by
 * {@link #of}. An existing session is patched on the node that owns its primary copy,
 * with this as the entry processor, so that only the changes travel and concurrent saves
 * of different attributes of one session all survive; a new or moved session is the same
 * changes applied to a blank or to the stored record.
 * <p>
 * The entry processor does nothing when the entry is gone, so a session deleted or
 * expired meanwhile is never resurrected by a late save. It is idempotent, as Ignite may
 * apply it again after a topology change.
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

	/**
	 * Builds the delta of a session's next save: its times, the attributes to write, the
	 * stored attributes it removed, and its principal when that differs from the stored
	 * one.
	 * @param session the session being saved
	 * @param written the serialized attributes to write, from
	 * {@link IgniteSession#attributesToWrite}
	 * @param principal the session's principal as resolved now
	 */
	static SessionDelta of(IgniteSession session, Map<String, byte[]> written, @Nullable String principal) {
		return new SessionDelta(session.getLastAccessedTime().toEpochMilli(), session.maxInactiveMillis(),
				!Objects.equals(principal, session.getStoredPrincipalName()), principal, written,
				session.removedNames());
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
		// Of two concurrent requests, the one that started earlier may save last: never
		// move the last access back, so the session never expires earlier than its latest
		// request implies.
		long lastAccessed = Math.max(current.getLastAccessedTime(), this.lastAccessedTime);
		String principal = this.principalChanged ? this.principalName : current.getPrincipalName();
		return current.with(lastAccessed, this.maxInactiveMillis, principal, attributes);
	}

	/**
	 * Returns the record of a session stored for the first time: these changes applied to
	 * a blank record.
	 * @param creationTime the session's creation time in epoch milliseconds
	 */
	SessionRecord toNewRecord(long creationTime) {
		return applyTo(new SessionRecord(creationTime, this.lastAccessedTime, this.maxInactiveMillis, null, Map.of()));
	}

	/**
	 * Returns the expiry the write of these changes sets on the entry: what is left of
	 * the maximum inactive interval after the last access, or never for a negative
	 * interval.
	 * @param now the current time in epoch milliseconds
	 */
	ExpiryPolicy expiryPolicy(long now) {
		if (this.maxInactiveMillis < 0) {
			return new ModifiedExpiryPolicy(Duration.ETERNAL);
		}
		long remaining = this.lastAccessedTime + this.maxInactiveMillis - now;
		// Zero would mean "expire now" to Ignite, which then drops the write without an
		// expired event.
		return new ModifiedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, Math.max(1, remaining)));
	}

	/**
	 * Returns how many attributes this delta sets or removes, for the observers of what a
	 * save sends.
	 */
	int attributeCount() {
		return this.setAttributes.size() + this.removedAttributes.size();
	}

	/**
	 * Returns the serialized size of the attributes this delta sets, names included, for
	 * the observers of what a save sends.
	 */
	long setAttributeBytes() {
		long size = 0;
		for (Map.Entry<String, byte[]> attribute : this.setAttributes.entrySet()) {
			size += attribute.getKey().length() + attribute.getValue().length;
		}
		return size;
	}

}
