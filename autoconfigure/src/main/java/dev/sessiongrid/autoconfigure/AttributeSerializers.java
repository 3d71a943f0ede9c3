package dev.sessiongrid.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.sessiongrid.ignite.session.AllowedClasses;
import dev.sessiongrid.ignite.session.AttributeSerializer;
import dev.sessiongrid.ignite.session.DeserializationFilter;
import dev.sessiongrid.ignite.session.JdkAttributeSerializer;
import dev.sessiongrid.ignite.session.JsonAttributeSerializer;

/**
 * The attribute serializer the {@code sessiongrid.serializer} and
 * {@code sessiongrid.serialization.*} properties describe: its deserialization filter
 * allows the defaults, the application's packages (those of its
 * {@code @SpringBootApplication}) and what the properties add.
 */
final class AttributeSerializers {

	/** The class whose presence means Jackson 3 is on the class path. */
	static final String JACKSON = "tools.jackson.databind.json.JsonMapper";

	private static final String ALLOW_HINT = "to read it, add it to sessiongrid.serialization.allowed-classes "
			+ "or sessiongrid.serialization.allowed-patterns";

	private AttributeSerializers() {
	}

	/**
	 * Creates the serializer the properties describe.
	 * @param properties the bound properties
	 * @param applicationPackages the application's packages, allowed with their
	 * subpackages
	 * @param classLoader the application's class loader, to look for Jackson
	 * @return the serializer
	 * @throws InvalidConfigurationPropertyValueException naming a property whose value is
	 * invalid, or {@code sessiongrid.serializer} when it is {@code json} and Jackson is
	 * missing
	 */
	static AttributeSerializer fromProperties(SessiongridProperties properties, List<String> applicationPackages,
			@Nullable ClassLoader classLoader) {
		SessiongridPropertiesValidator.validateSerialization(properties);
		SessiongridProperties.Serialization serialization = properties.getSerialization();
		List<String> allowed = new ArrayList<>();
		for (String applicationPackage : applicationPackages) {
			if (StringUtils.hasText(applicationPackage)) {
				allowed.add(applicationPackage + ".**");
			}
		}
		allowed.addAll(serialization.getAllowedClasses());
		allowed.addAll(serialization.getAllowedPatterns());
		DeserializationFilter filter = new DeserializationFilter(AllowedClasses.defaults().and(allowed),
				serialization.getMaxDepth(), serialization.getMaxSize().toBytes(), ALLOW_HINT);
		if (properties.getSerializer() == SessiongridProperties.Serializer.JSON) {
			if (!ClassUtils.isPresent(JACKSON, classLoader)) {
				throw new InvalidConfigurationPropertyValueException("sessiongrid.serializer", "json",
						"The json serializer needs Jackson 3 (tools.jackson.core:jackson-databind, which "
								+ "spring-boot-starter-json brings) on the class path; add it, or use jdk.");
			}
			// classes resolve through the thread context class loader at read time, as
			// with jdk
			return new JsonAttributeSerializer(null, filter);
		}
		return new JdkAttributeSerializer(null, filter);
	}

}
