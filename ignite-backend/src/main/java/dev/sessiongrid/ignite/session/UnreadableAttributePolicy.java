package dev.sessiongrid.ignite.session;

/**
 * What a read does with an attribute whose stored bytes can no longer be deserialized, typically because its
 * class changed or disappeared in a redeploy. Whatever the policy, only that attribute is affected, and the failure
 * is logged with the attribute's name and the reason.
 */
public enum UnreadableAttributePolicy {

	/**
	 * The attribute reads as {@code null}, but its stored bytes are kept, so a rollback to the previous version can
	 * read it again; setting a new value replaces it. The default: nothing is lost and no request fails.
	 */
	SKIP,

	/**
	 * The attribute is removed from the session on the next save, so the warning is logged once.
	 */
	REMOVE,

	/**
	 * The read throws {@link SessionAttributeSerializationException}, naming the attribute.
	 */
	FAIL

}
