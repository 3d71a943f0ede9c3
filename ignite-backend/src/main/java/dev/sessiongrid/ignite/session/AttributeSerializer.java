package dev.sessiongrid.ignite.session;

/**
 * Turns session attribute values into bytes and back. Attributes are stored as bytes so
 * that server nodes never need the application's classes, and deserialized lazily, one
 * attribute at a time, on the node that reads them.
 */
public interface AttributeSerializer {

	/**
	 * Checks cheaply, when an attribute is set, that the value can be serialized at all,
	 * so the error points at the {@code setAttribute} call rather than at a later save.
	 * @param name the attribute name
	 * @param value the value, never {@code null}
	 * @throws SessionAttributeSerializationException when the value can never be
	 * serialized
	 */
	default void check(String name, Object value) {
	}

	/**
	 * Serializes one attribute value.
	 * @param name the attribute name, for error messages
	 * @param value the value, never {@code null}
	 * @return the bytes to store
	 * @throws SessionAttributeSerializationException when the value cannot be serialized
	 */
	byte[] serialize(String name, Object value);

	/**
	 * Deserializes one attribute value.
	 * @param name the attribute name, for error messages
	 * @param bytes the stored bytes
	 * @return the value
	 * @throws SessionAttributeSerializationException when the bytes cannot be read, e.g.
	 * a class changed or disappeared in a redeploy
	 */
	Object deserialize(String name, byte[] bytes);

}
