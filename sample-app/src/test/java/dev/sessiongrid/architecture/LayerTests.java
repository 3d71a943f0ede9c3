package dev.sessiongrid.architecture;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layer rules of {@link LayerRules} about the product's modules, over the main
 * classes of ignite-backend, autoconfigure and the sample (this module's test classpath
 * has all three; test classes are left out). The rules about what the sample uses are
 * {@link SampleLayerTests}.
 */
@AnalyzeClasses(packages = "dev.sessiongrid",
		importOptions = { ImportOption.DoNotIncludeTests.class, LayerRules.DoNotIncludeTestJars.class })
class LayerTests {

	@ArchTest
	static final ArchRule backendDoesNotUseSpringBoot = LayerRules.BACKEND_WITHOUT_SPRING_BOOT;

	@ArchTest
	static final ArchRule backendDoesNotUseAutoconfigure = LayerRules.BACKEND_WITHOUT_AUTOCONFIGURE;

	@ArchTest
	static final ArchRule nothingUsesTheSample = LayerRules.NOTHING_USES_THE_SAMPLE;

	/** Rules over classes that were never imported would pass whatever the code does. */
	@ArchTest
	static void importsTheMainClassesOfEveryModuleAndNoTests(JavaClasses classes) {
		Set<String> layers = classes.stream()
			.map(LayerRules::layerOf)
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		assertThat(layers).containsExactlyInAnyOrder(LayerRules.BACKEND, LayerRules.AUTOCONFIGURE, LayerRules.SAMPLE);
		assertThat(classes.contain("dev.sessiongrid.ignite.node.SessiongridNodeFactory")).isTrue();
		assertThat(classes.contain("dev.sessiongrid.ignite.TestPorts")).as("a test helper from the test-jar").isFalse();
		assertThat(classes.contain(LayerTests.class)).as("this module's tests").isFalse();
	}

}
