package dev.sessiongrid.ignite.session;

import org.jspecify.annotations.Nullable;

/**
 * A session attribute could not be serialized or deserialized. The message names the
 * attribute and the problem.
 */
public class SessionAttributeSerializationException extends IllegalArgumentException {

	private final String attributeName;

	public SessionAttributeSerializationException(String attributeName, String problem, @Nullable Throwable cause) {
		super("Session attribute '" + attributeName + "': " + problem, cause);
		this.attributeName = attributeName;
	}

	/**
	 * Returns the name of the attribute at fault.
	 * @return the attribute name
	 */
	public String getAttributeName() {
		return this.attributeName;
	}

}
