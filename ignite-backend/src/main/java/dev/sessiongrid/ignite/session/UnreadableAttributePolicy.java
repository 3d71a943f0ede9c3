package dev.sessiongrid.ignite.session;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a read does with an attribute whose stored bytes can no longer be deserialized,
 * typically because its class changed or disappeared in a redeploy. Whatever the policy,
 * only that attribute is affected, and the failure is logged with the attribute's name
 * and the reason.
 */
public enum UnreadableAttributePolicy {

	/**
	 * The attribute reads as {@code null}, but its stored bytes are kept, so a rollback
	 * to the previous version can read it again; setting a new value replaces it. The
	 * default: nothing is lost and no request fails.
	 */
	SKIP,

	/**
	 * The attribute is removed from the session on the next save, so the warning is
	 * logged once.
	 */
	REMOVE,

	/**
	 * The read throws {@link SessionAttributeSerializationException}, naming the
	 * attribute.
	 */
	FAIL;

	private static final Logger logger = LoggerFactory.getLogger(UnreadableAttributePolicy.class);

	/**
	 * Does what this policy says with an attribute that could not be read.
	 * @return the value the read returns instead: {@code null}
	 * @throws SessionAttributeSerializationException under {@link #FAIL}
	 */
	@Nullable Object apply(IgniteSession session, String name, SessionAttributeSerializationException ex) {
		if (this == FAIL) {
			throw ex;
		}
		logger.warn("Session {}: {} ({}: {})", SessionIds.abbreviate(session.getId()), ex.getMessage(), this,
				(this == SKIP) ? "reads as null, stored bytes kept" : "removed on the next save");
		if (this == REMOVE) {
			session.dropUnreadable(name);
		}
		return null;
	}

}
