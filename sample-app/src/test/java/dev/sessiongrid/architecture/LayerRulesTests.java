package dev.sessiongrid.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import dev.sessiongrid.autoconfigure.SessiongridProperties;
import dev.sessiongrid.autoconfigure.archfixture.AutoconfigureUsingSample;
import dev.sessiongrid.ignite.archfixture.BackendUsingAutoconfigure;
import dev.sessiongrid.ignite.archfixture.BackendUsingSpringBoot;
import dev.sessiongrid.ignite.archfixture.BackendUsingSpringSession;
import dev.sessiongrid.ignite.replication.ReplicationState;
import dev.sessiongrid.sample.Cart;
import dev.sessiongrid.sample.archfixture.SampleUsingAutoconfigureInternals;
import dev.sessiongrid.sample.archfixture.SampleUsingBackend;
import dev.sessiongrid.sample.archfixture.SampleUsingExtensionPoint;
import dev.sessiongrid.sample.archfixture.SampleUsingIgnite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of {@link LayerRules} fails on a class that breaks it (the
 * {@code archfixture} packages of this module's tests, in the layers' packages), naming
 * the class and what it used, and passes on one that keeps to it: a rule that cannot fail
 * would pass {@link LayerTests} for the wrong reason.
 */
class LayerRulesTests {

	@Test
	void backendUsingSpringBootFails() {
		assertViolation(LayerRules.BACKEND_WITHOUT_SPRING_BOOT, BackendUsingSpringBoot.class, Binder.class);
	}

	@Test
	void backendUsingSpringSessionPasses() {
		assertNoViolation(LayerRules.BACKEND_WITHOUT_SPRING_BOOT, BackendUsingSpringSession.class);
	}

	@Test
	void backendUsingAutoconfigureFails() {
		assertViolation(LayerRules.BACKEND_WITHOUT_AUTOCONFIGURE, BackendUsingAutoconfigure.class,
				SessiongridProperties.class);
		assertNoViolation(LayerRules.BACKEND_WITHOUT_AUTOCONFIGURE, BackendUsingSpringSession.class);
	}

	@Test
	void productUsingTheSampleFails() {
		assertViolation(LayerRules.NOTHING_USES_THE_SAMPLE, AutoconfigureUsingSample.class, Cart.class);
		assertNoViolation(LayerRules.NOTHING_USES_THE_SAMPLE, BackendUsingSpringSession.class);
	}

	@Test
	void sampleUsingIgniteFails() {
		assertViolation(LayerRules.SAMPLE_WITHOUT_IGNITE_OR_BACKEND, SampleUsingIgnite.class, Ignite.class);
	}

	@Test
	void sampleUsingTheBackendFails() {
		assertViolation(LayerRules.SAMPLE_WITHOUT_IGNITE_OR_BACKEND, SampleUsingBackend.class, ReplicationState.class);
		assertNoViolation(LayerRules.SAMPLE_WITHOUT_IGNITE_OR_BACKEND, SampleUsingExtensionPoint.class);
	}

	@Test
	void sampleUsingAutoconfigureInternalsFails() {
		assertViolation(LayerRules.SAMPLE_USES_ONLY_EXTENSION_POINTS_OF_AUTOCONFIGURE,
				SampleUsingAutoconfigureInternals.class, SessiongridProperties.class);
	}

	@Test
	void sampleUsingTheDocumentedExtensionPointPasses() {
		assertNoViolation(LayerRules.SAMPLE_USES_ONLY_EXTENSION_POINTS_OF_AUTOCONFIGURE,
				SampleUsingExtensionPoint.class);
	}

	private static void assertViolation(ArchRule rule, Class<?> fixture, Class<?> used) {
		EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(fixture));
		assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
		assertThat(result.getFailureReport().getDetails())
			.anyMatch((detail) -> detail.contains(fixture.getName()) && detail.contains(used.getName()));
	}

	private static void assertNoViolation(ArchRule rule, Class<?> fixture) {
		EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(fixture));
		assertThat(result.getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
	}

}
