package dev.sessiongrid.ignite.session;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.type.TypeFactory;

/**
 * JSON with Jackson 3, an alternative to Java serialization: a stored attribute does not
 * depend on its class's {@code serialVersionUID} or private fields, so a redeploy that
 * changes a class keeps the sessions readable as long as its JSON properties still fit
 * (unknown properties are ignored, missing ones keep their defaults).
 * <p>
 * Type information is written for every value whose declared type is not final, the
 * attribute itself included ({@code ["java.util.ArrayList",["apple"]]},
 * {@code {"@class":"com.example.Cart",...}}), and read only for the classes the
 * {@link DeserializationFilter} allows: the {@code PolymorphicTypeValidator} matches the
 * class name against the same allow-list before the class is loaded, so no other class is
 * ever loaded or instantiated from the stored bytes. Values of Jackson's natural types
 * (strings, booleans, {@code Integer}, {@code Double}) carry no type. The depth limit is
 * Jackson's nesting limit, twice the filter's depth since type information wraps a
 * container in an array; the size limit is checked on the bytes.
 * <p>
 * When Spring Security is on the class path its Jackson modules
 * ({@code SecurityJacksonModules}) are registered, so a {@code SecurityContext} with its
 * authentication round-trips, and the classes those modules allow are allowed too. Values
 * are mapped as Jackson maps beans: properties through getters and setters (or fields and
 * creators annotated for Jackson; records work). Numbers inside untyped containers
 * ({@code Map<String, Object>}) come back as the smallest of {@code Integer},
 * {@code Long} or {@code Double} that holds them, as usual with JSON.
 * <p>
 * Needs {@code tools.jackson.core:jackson-databind} on the class path (an optional
 * dependency of this module).
 */
public class JsonAttributeSerializer implements AttributeSerializer {

	private static final String SECURITY_MODULES = "org.springframework.security.jackson.SecurityJacksonModules";

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
		this.filter = Objects.requireNonNull(filter, "filter must not be null");
		this.mapper = mapper(classLoader, filter);
	}

	private static JsonMapper mapper(@Nullable ClassLoader classLoader, DeserializationFilter filter) {
		BasicPolymorphicTypeValidator.Builder types = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(filter.getAllowedClasses().asPattern())
			.allowIfSubTypeIsArray();
		StreamReadConstraints limits = StreamReadConstraints.builder()
			.maxNestingDepth(2 * filter.getMaxDepth())
			.maxDocumentLength(filter.getMaxBytes())
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
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
		try {
			return this.mapper.writerFor(Object.class).writeValueAsBytes(value);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new SessionAttributeSerializationException(name,
					"value of type " + value.getClass().getName() + " could not be written as JSON: " + ex, ex);
		}
	}

	@Override
	public Object deserialize(String name, byte[] bytes) {
		String tooLarge = this.filter.rejectionOfSize(bytes.length);
		if (tooLarge != null) {
			throw new SessionAttributeSerializationException(name, "stored value not read: " + tooLarge, null);
		}
		try {
			return this.mapper.readerFor(Object.class).readValue(bytes);
		}
		catch (InvalidTypeIdException ex) {
			String typeId = ex.getTypeId();
			String rejection = (typeId != null && !typeId.startsWith("[")) ? this.filter.rejectionOf(typeId) : null;
			if (rejection != null) {
				throw new SessionAttributeSerializationException(name, "stored value not read: " + rejection, ex);
			}
			throw unreadable(name, ex);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw unreadable(name, ex);
		}
	}

	private static SessionAttributeSerializationException unreadable(String name, Exception ex) {
		return new SessionAttributeSerializationException(name,
				"stored value could not be read from JSON (" + ex.getMessage() + "); was its class changed or removed?",
				ex);
	}

}
