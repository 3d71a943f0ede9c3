package dev.sessiongrid.ignite.session;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.type.TypeFactory;

/**
 * JSON with Jackson 3, an alternative to Java serialization: a stored attribute does not
 * depend on its class's {@code serialVersionUID} or private fields, so a redeploy that
 * changes a class keeps the sessions readable as long as its JSON properties still fit
 * (unknown properties are ignored, missing ones keep their defaults).
 * <p>
 * Each attribute is stored as {@code ["<class name>", <value>]}: the class is checked
 * against the {@link DeserializationFilter}'s allowed classes before anything is read,
 * and type information inside the value ({@code "@class"}, for properties whose declared
 * type is not final) is accepted only for allowed classes, through a
 * {@code PolymorphicTypeValidator} built from the same list; no other class is ever
 * instantiated from the stored bytes. Depth and size limits are Jackson's stream read
 * constraints.
 * <p>
 * When Spring Security is on the class path its Jackson modules
 * ({@code SecurityJacksonModules}) are registered, so a {@code SecurityContext} with its
 * authentication round-trips, and the classes those modules allow are allowed too. Values
 * are mapped as Jackson maps beans: properties through getters and setters (or fields and
 * creators annotated for Jackson). Numbers inside untyped containers
 * ({@code Map<String, Object>}) come back as the smallest of {@code Integer},
 * {@code Long} or {@code Double} that holds them, as usual with JSON.
 * <p>
 * Needs {@code tools.jackson.core:jackson-databind} on the class path (an optional
 * dependency of this module).
 */
public class JsonAttributeSerializer implements AttributeSerializer {

	private static final String SECURITY_MODULES = "org.springframework.security.jackson.SecurityJacksonModules";

	private final @Nullable ClassLoader classLoader;

	private final DeserializationFilter filter;

	private final JsonMapper mapper;

	/**
	 * Creates a serializer that resolves classes through the given class loader and reads
	 * within the given filter.
	 * @param classLoader the application's class loader, or {@code null} for the thread
	 * context class loader
	 * @param filter the classes and limits of a read
	 */
	public JsonAttributeSerializer(@Nullable ClassLoader classLoader, DeserializationFilter filter) {
		this.classLoader = classLoader;
		this.filter = Objects.requireNonNull(filter, "filter must not be null");
		this.mapper = mapper(classLoader, filter);
	}

	private static JsonMapper mapper(@Nullable ClassLoader classLoader, DeserializationFilter filter) {
		AllowedClasses allowed = filter.getAllowedClasses();
		BasicPolymorphicTypeValidator.Builder types = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType((context, type) -> allowed.allows(type));
		StreamReadConstraints limits = StreamReadConstraints.builder()
			// the envelope is one level
			.maxNestingDepth(filter.getMaxDepth() + 1)
			.maxDocumentLength(filter.getMaxBytes())
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// the value is followed by the envelope's end, checked here
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		if (classLoader != null) {
			builder.typeFactory(TypeFactory.createDefaultInstance().withClassLoader(classLoader));
		}
		ClassLoader securityLoader = (classLoader != null) ? classLoader
				: JsonAttributeSerializer.class.getClassLoader();
		if (ClassUtils.isPresent(SECURITY_MODULES, securityLoader)) {
			// the modules add Spring Security's types to the validator, then turn type
			// information on with it
			builder.addModules(SpringSecurityJackson.modules(securityLoader, types));
		}
		else {
			builder.activateDefaultTyping(types.build(), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
		}
		return builder.build();
	}

	@Override
	public byte[] serialize(String name, Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (JsonGenerator out = this.mapper.createGenerator(bytes)) {
			out.writeStartArray();
			out.writeString(value.getClass().getName());
			this.mapper.writerFor(value.getClass()).writeValue(out, value);
			out.writeEndArray();
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new SessionAttributeSerializationException(name,
					"value of type " + value.getClass().getName() + " could not be written as JSON: " + ex, ex);
		}
		return bytes.toByteArray();
	}

	@Override
	public Object deserialize(String name, byte[] bytes) {
		String tooLarge = this.filter.rejectionOfSize(bytes.length);
		if (tooLarge != null) {
			throw new SessionAttributeSerializationException(name, "stored value not read: " + tooLarge, null);
		}
		try (JsonParser in = this.mapper.createParser(bytes)) {
			if (in.nextToken() != JsonToken.START_ARRAY || in.nextToken() != JsonToken.VALUE_STRING) {
				throw new SessionAttributeSerializationException(name,
						"stored value is not a Sessiongrid JSON attribute ([\"class name\", value]); "
								+ "was it written by another serializer?",
						null);
			}
			Class<?> type = allowedClass(name, in.getString());
			in.nextToken();
			Object value = this.mapper.readerFor(type).readValue(in);
			if (in.nextToken() != JsonToken.END_ARRAY) {
				throw new SessionAttributeSerializationException(name,
						"stored value has more than the class name and the value", null);
			}
			return value;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			if (ex instanceof SessionAttributeSerializationException serialization) {
				throw serialization;
			}
			throw new SessionAttributeSerializationException(name,
					"stored value could not be read from JSON (" + ex + "); was its class changed or removed?", ex);
		}
	}

	private Class<?> allowedClass(String name, String className) {
		// a class name is checked before it is loaded; only arrays need loading first
		String rejection = className.startsWith("[") ? null : this.filter.rejectionOf(className);
		if (rejection != null) {
			throw new SessionAttributeSerializationException(name, "stored value not read: " + rejection, null);
		}
		ClassLoader loader = (this.classLoader != null) ? this.classLoader
				: Thread.currentThread().getContextClassLoader();
		Class<?> type;
		try {
			type = ClassUtils.forName(className, loader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new SessionAttributeSerializationException(name,
					"stored value is of class " + className + ", which is not on the class path (" + ex + ")", ex);
		}
		rejection = this.filter.rejectionOf(type);
		if (rejection != null) {
			throw new SessionAttributeSerializationException(name, "stored value not read: " + rejection, null);
		}
		return type;
	}

}
