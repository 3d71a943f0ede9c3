package dev.sessiongrid.ignite.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ConfigurableObjectInputStream;

/**
 * Java serialization, the default: what Spring Session's JDBC and Redis stores use too,
 * so any attribute that works there works here.
 */
public class JdkAttributeSerializer implements AttributeSerializer {

	private final @Nullable ClassLoader classLoader;

	/** Resolves classes through the thread context class loader at read time. */
	public JdkAttributeSerializer() {
		this(null);
	}

	/**
	 * Resolves classes through the given class loader.
	 * @param classLoader the application's class loader, or {@code null} for the thread
	 * context class loader
	 */
	public JdkAttributeSerializer(@Nullable ClassLoader classLoader) {
		this.classLoader = classLoader;
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
		ClassLoader loader = (this.classLoader != null) ? this.classLoader
				: Thread.currentThread().getContextClassLoader();
		try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			throw new SessionAttributeSerializationException(name,
					"stored value could not be deserialized (" + ex + "); was its class changed or removed?", ex);
		}
	}

}
