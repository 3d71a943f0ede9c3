package dev.sessiongrid.ignite.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ConfigurableObjectInputStream;

/**
 * Java serialization, the default: what Spring Session's JDBC and Redis stores use too,
 * so any attribute that works there works here. Reads go through a
 * {@link DeserializationFilter}: only allowed classes are instantiated, within depth and
 * size limits, so stored bytes cannot make this node run a gadget chain. A rejected
 * attribute fails like any unreadable one, with a message naming the class.
 */
public class JdkAttributeSerializer implements AttributeSerializer {

	private final @Nullable ClassLoader classLoader;

	private final DeserializationFilter filter;

	/**
	 * Resolves classes through the thread context class loader at read time, and reads
	 * through {@link DeserializationFilter#defaults()}.
	 */
	public JdkAttributeSerializer() {
		this(null);
	}

	/**
	 * Resolves classes through the given class loader, and reads through
	 * {@link DeserializationFilter#defaults()}.
	 * @param classLoader the application's class loader, or {@code null} for the thread
	 * context class loader
	 */
	public JdkAttributeSerializer(@Nullable ClassLoader classLoader) {
		this(classLoader, DeserializationFilter.defaults());
	}

	/**
	 * Resolves classes through the given class loader, and reads through the given
	 * filter.
	 * @param classLoader the application's class loader, or {@code null} for the thread
	 * context class loader
	 * @param filter the classes and limits of a read
	 */
	public JdkAttributeSerializer(@Nullable ClassLoader classLoader, DeserializationFilter filter) {
		this.classLoader = classLoader;
		this.filter = Objects.requireNonNull(filter, "filter must not be null");
	}

	@Override
	public void check(String name, Object value) {
		if (!(value instanceof Serializable)) {
			throw new SessionAttributeSerializationException(name,
					"value of type " + value.getClass().getName()
							+ " does not implement java.io.Serializable, which the JDK attribute serializer needs",
					null);
		}
	}

	@Override
	public byte[] serialize(String name, Object value) {
		check(name, value);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException | RuntimeException ex) {
			throw new SessionAttributeSerializationException(name,
					"value of type " + value.getClass().getName() + " could not be serialized: " + ex, ex);
		}
		return bytes.toByteArray();
	}

	@Override
	public Object deserialize(String name, byte[] bytes) {
		String tooLarge = this.filter.rejectionOfSize(bytes.length);
		if (tooLarge != null) {
			throw new SessionAttributeSerializationException(name, "stored value not read: " + tooLarge, null);
		}
		ClassLoader loader = (this.classLoader != null) ? this.classLoader
				: Thread.currentThread().getContextClassLoader();
		DeserializationFilter.StreamFilter streamFilter = this.filter.forStream();
		try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
			in.setObjectInputFilter(streamFilter);
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			String rejection = streamFilter.rejection();
			if (rejection != null) {
				throw new SessionAttributeSerializationException(name, "stored value not read: " + rejection, ex);
			}
			throw new SessionAttributeSerializationException(name,
					"stored value could not be deserialized (" + ex + "); was its class changed or removed?", ex);
		}
	}

}
