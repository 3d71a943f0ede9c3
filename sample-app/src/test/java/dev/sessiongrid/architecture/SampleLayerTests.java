package dev.sessiongrid.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer rules of {@link LayerRules} about the sample: it uses only what a user of
 * Sessiongrid has, so it shows what a user can do.
 */
@AnalyzeClasses(packages = "dev.sessiongrid",
		importOptions = { ImportOption.DoNotIncludeTests.class, LayerRules.DoNotIncludeTestJars.class })
class SampleLayerTests {

	@ArchTest
	static final ArchRule sampleDoesNotUseIgniteOrTheBackend = LayerRules.SAMPLE_WITHOUT_IGNITE_OR_BACKEND;

	@ArchTest
	static final ArchRule sampleUsesOnlyTheExtensionPointsOfAutoconfigure = LayerRules.SAMPLE_USES_ONLY_EXTENSION_POINTS_OF_AUTOCONFIGURE;

}
