package dev.sessiongrid.ignite.session;

import javax.cache.processor.MutableEntry;

import org.apache.ignite.cache.CacheEntryProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Removes a session found expired before Ignite's own expiry removed it, and hands the
 * removed record to exactly one caller, so its expired event is published once however
 * many nodes notice it at the same moment.
 */
final class RemoveIfExpired implements CacheEntryProcessor<String, SessionRecord, SessionRecord> {

	private static final long serialVersionUID = 1L;

	private final long now;

	RemoveIfExpired(long now) {
		this.now = now;
	}

	@Override
	public @Nullable SessionRecord process(MutableEntry<String, SessionRecord> entry, Object... arguments) {
		SessionRecord current = entry.exists() ? entry.getValue() : null;
		if (current == null || !current.isExpired(this.now)) {
			return null;
		}
		entry.remove();
		return current;
	}

}
