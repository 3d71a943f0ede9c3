package dev.sessiongrid.architecture;

import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;

import dev.sessiongrid.autoconfigure.SessiongridIgniteConfigurationCustomizer;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layers of Sessiongrid, as rules over the main classes of every module
 * (docs/design.md and STYLE.md): {@code ignite-backend} knows Ignite and Spring Session
 * but not Spring Boot, {@code autoconfigure} is the Boot layer, and the sample uses only
 * what a user has. Checked by {@link LayerTests}; {@link LayerRulesTests} shows that each
 * rule catches what it forbids.
 */
final class LayerRules {

	static final String BACKEND = "dev.sessiongrid.ignite..";

	static final String AUTOCONFIGURE = "dev.sessiongrid.autoconfigure..";

	static final String SAMPLE = "dev.sessiongrid.sample..";

	/**
	 * What the sample may use of {@code autoconfigure}: the extension points
	 * docs/configuration.md documents.
	 */
	static final Class<?>[] EXTENSION_POINTS = { SessiongridIgniteConfigurationCustomizer.class };

	static final ArchRule BACKEND_WITHOUT_SPRING_BOOT = noClasses().that()
		.resideInAPackage(BACKEND)
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework.boot..")
		.because("ignite-backend serves applications without Spring Boot; Boot is autoconfigure's business");

	static final ArchRule BACKEND_WITHOUT_AUTOCONFIGURE = noClasses().that()
		.resideInAPackage(BACKEND)
		.should()
		.dependOnClassesThat()
		.resideInAPackage(AUTOCONFIGURE)
		.because("autoconfigure is built on ignite-backend, not the other way round");

	static final ArchRule NOTHING_USES_THE_SAMPLE = noClasses().that()
		.resideOutsideOfPackage(SAMPLE)
		.should()
		.dependOnClassesThat()
		.resideInAPackage(SAMPLE)
		.because("the sample is an application of the product, not part of it");

	static final ArchRule SAMPLE_WITHOUT_IGNITE_OR_BACKEND = noClasses().that()
		.resideInAPackage(SAMPLE)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.ignite..", BACKEND)
		.because("the sample uses only what a user has: properties, Actuator and the documented beans");

	static final ArchRule SAMPLE_USES_ONLY_EXTENSION_POINTS_OF_AUTOCONFIGURE = noClasses().that()
		.resideInAPackage(SAMPLE)
		.should()
		.dependOnClassesThat(resideInAPackage(AUTOCONFIGURE).and(not(belongToAnyOf(EXTENSION_POINTS))))
		.because("of autoconfigure a user has only the documented extension points, not its internals");

	private LayerRules() {
	}

	/**
	 * Leaves out the test-jars on the classpath (ignite-backend's test helpers), which
	 * ArchUnit's {@link ImportOption.DoNotIncludeTests} does not recognise; their classes
	 * are not part of any layer.
	 */
	public static final class DoNotIncludeTestJars implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return !location.contains("-tests.jar");
		}

	}

	/**
	 * Names the layer a class belongs to, for the check that the import found every
	 * module.
	 * @param javaClass the class
	 * @return the package pattern of its layer, or {@code null} for a class of none
	 */
	static String layerOf(JavaClass javaClass) {
		return Stream.of(BACKEND, AUTOCONFIGURE, SAMPLE)
			.filter((layer) -> resideInAPackage(layer).test(javaClass))
			.findFirst()
			.orElse(null);
	}

}
