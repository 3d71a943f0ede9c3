package dev.sessiongrid.autoconfigure;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.session.AttributeSerializer;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.JdkAttributeSerializer;
import dev.sessiongrid.ignite.session.JsonAttributeSerializer;
import dev.sessiongrid.ignite.session.SessionAttributeSerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the {@code sessiongrid.serializer} and {@code sessiongrid.serialization.*}
 * properties, one per property: what the repository's serializer then reads and refuses.
 */
class SessiongridSerializationAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withInitializer((context) -> context.setServletContext(null))
		.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class,
				SessiongridSessionAutoConfiguration.class, SessionAutoConfiguration.class))
		.withPropertyValues(TestPorts.AUTOCONFIGURE.properties());

	@Test
	void serializerIsJdkByDefaultAndRefusesClassesOutsideTheDefaults() {
		this.contextRunner.run((context) -> {
			AttributeSerializer serializer = serializer(context.getBean(IgniteSessionRepository.class));
			assertThat(serializer).isInstanceOf(JdkAttributeSerializer.class);
			assertThat(roundTrip(serializer, new ArrayList<>(List.of("apple")))).isEqualTo(List.of("apple"));
			assertThatExceptionOfType(SessionAttributeSerializationException.class)
				.isThrownBy(() -> roundTrip(serializer, new AtomicLong(1)))
				.withMessageContaining("class java.util.concurrent.atomic.AtomicLong is not on the allowed classes")
				.withMessageContaining("sessiongrid.serialization.allowed-classes");
		});
	}

	@Test
	void serializerJsonStoresAttributesAsJson() {
		this.contextRunner.withPropertyValues("sessiongrid.serializer=json").run((context) -> {
			AttributeSerializer serializer = serializer(context.getBean(IgniteSessionRepository.class));
			assertThat(serializer).isInstanceOf(JsonAttributeSerializer.class);
			assertThat(new String(serializer.serialize("cart", new ArrayList<>(List.of("apple")))))
				.isEqualTo("[\"java.util.ArrayList\",[\"apple\"]]");
			assertThat(roundTrip(serializer, 42L)).isEqualTo(42L);
		});
	}

	@Test
	void serializerJsonWithoutJacksonFailsNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withPropertyValues("sessiongrid.serializer=json")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sessiongrid.serializer")
				.hasMessageContaining("Jackson 3"));
	}

	@Test
	void serializerWithAnUnknownValueFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("sessiongrid.serializer=xml")
			.run((context) -> assertThat(context).getFailure()
				.satisfies((ex) -> assertThat(bindFailure(ex)).isNotNull()
					.extracting((bind) -> bind.getName().toString())
					.isEqualTo("sessiongrid.serializer")));
	}

	@Test
	void applicationsOwnSerializerBeanReplacesTheProperty() {
		this.contextRunner.withUserConfiguration(UserSerializerConfiguration.class)
			.withPropertyValues("sessiongrid.serializer=json")
			.run((context) -> assertThat(serializer(context.getBean(IgniteSessionRepository.class)))
				.isSameAs(context.getBean(AttributeSerializer.class)));
	}

	@Test
	void applicationsPackagesAreAllowed() {
		this.contextRunner
			.run((context) -> assertThatExceptionOfType(SessionAttributeSerializationException.class).isThrownBy(
					() -> roundTrip(serializer(context.getBean(IgniteSessionRepository.class)), new Basket("apple"))));
		this.contextRunner.withUserConfiguration(ApplicationConfiguration.class)
			.run((context) -> assertThat(
					roundTrip(serializer(context.getBean(IgniteSessionRepository.class)), new Basket("apple")))
				.isEqualTo(new Basket("apple")));
	}

	@Test
	void allowedClassesAddClassesByName() {
		this.contextRunner
			.withPropertyValues("sessiongrid.serialization.allowed-classes=java.util.concurrent.atomic.AtomicLong")
			.run((context) -> {
				AttributeSerializer serializer = serializer(context.getBean(IgniteSessionRepository.class));
				assertThat(roundTrip(serializer, new AtomicLong(7))).hasToString("7");
				assertThatExceptionOfType(SessionAttributeSerializationException.class)
					.isThrownBy(() -> roundTrip(serializer, new AtomicInteger(7)));
			});
	}

	@Test
	void allowedPatternsAddPackages() {
		this.contextRunner
			.withPropertyValues("sessiongrid.serialization.allowed-patterns=java.util.concurrent.atomic.*")
			.run((context) -> {
				AttributeSerializer serializer = serializer(context.getBean(IgniteSessionRepository.class));
				assertThat(roundTrip(serializer, new AtomicLong(7))).hasToString("7");
				assertThat(roundTrip(serializer, new AtomicInteger(8))).hasToString("8");
			});
	}

	@Test
	void maxDepthLimitsTheNestingOfARead() {
		this.contextRunner.withPropertyValues("sessiongrid.serialization.max-depth=2").run((context) -> {
			AttributeSerializer serializer = serializer(context.getBean(IgniteSessionRepository.class));
			assertThat(roundTrip(serializer, "flat")).isEqualTo("flat");
			assertThatExceptionOfType(SessionAttributeSerializationException.class)
				.isThrownBy(() -> roundTrip(serializer,
						new ArrayList<>(List.of(new ArrayList<>(List.of(new ArrayList<>(List.of("deep"))))))))
				.withMessageContaining("nest deeper than the limit of 2");
		});
	}

	@Test
	void maxSizeLimitsTheBytesOfARead() {
		this.contextRunner.withPropertyValues("sessiongrid.serialization.max-size=1KB").run((context) -> {
			AttributeSerializer serializer = serializer(context.getBean(IgniteSessionRepository.class));
			assertThat(roundTrip(serializer, "small")).isEqualTo("small");
			assertThatExceptionOfType(SessionAttributeSerializationException.class)
				.isThrownBy(() -> roundTrip(serializer, "x".repeat(2_000)))
				.withMessageContaining("exceed the limit of 1024");
		});
	}

	@Test
	void aPatternInAllowedClassesFailsNamingTheProperty() {
		assertInvalid("sessiongrid.serialization.allowed-classes=com.example.**",
				"sessiongrid.serialization.allowed-classes[0]");
	}

	@Test
	void aClassNameInAllowedPatternsFailsNamingTheProperty() {
		assertInvalid("sessiongrid.serialization.allowed-patterns=com.example.Cart",
				"sessiongrid.serialization.allowed-patterns[0]");
	}

	@Test
	void maxDepthBelowOneFailsNamingTheProperty() {
		assertInvalid("sessiongrid.serialization.max-depth=0", "sessiongrid.serialization.max-depth");
	}

	@Test
	void maxSizeOfZeroFailsNamingTheProperty() {
		assertInvalid("sessiongrid.serialization.max-size=0B", "sessiongrid.serialization.max-size");
	}

	private void assertInvalid(String property, String name) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(name));
	}

	private static @Nullable BindException bindFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				return bind;
			}
		}
		return null;
	}

	private static AttributeSerializer serializer(IgniteSessionRepository repository) {
		return repository.getSerializer();
	}

	private static Object roundTrip(AttributeSerializer serializer, Object value) {
		return serializer.deserialize("value", serializer.serialize("value", value));
	}

	/** A class of the application's package, as its session attributes are. */
	record Basket(String item) implements Serializable {
	}

	/** The application: its package is this test's. */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class ApplicationConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSerializerConfiguration {

		@Bean
		AttributeSerializer userSerializer() {
			return new JdkAttributeSerializer();
		}

	}

}
