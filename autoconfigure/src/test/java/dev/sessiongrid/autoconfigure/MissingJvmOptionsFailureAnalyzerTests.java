package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.sessiongrid.ignite.node.JvmOptionsCheck;
import dev.sessiongrid.ignite.node.MissingJvmOptionsException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MissingJvmOptionsFailureAnalyzer}: on the exception alone, and on a
 * real JVM started without the flags.
 */
class MissingJvmOptionsFailureAnalyzerTests {

	@Test
	void describesTheMissingFlagsAndPrintsTheWholeListAndWhereItGoes() {
		List<String> required = JvmOptionsCheck.requiredOptions();
		MissingJvmOptionsException missing = new MissingJvmOptionsException(
				List.of("--add-opens=java.base/java.nio=ALL-UNNAMED"), required);
		FailureAnalysis analysis = new MissingJvmOptionsFailureAnalyzer()
			.analyze(new BeanCreationException("sessiongridIgnite", "failed", missing));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("without 1 of the " + required.size())
			.contains("    --add-opens=java.base/java.nio=ALL-UNNAMED")
			.doesNotContain("java.base/sun.nio.ch");
		assertThat(analysis.getAction()).contains(String.join(" ", required))
			.contains("JAVA_TOOL_OPTIONS")
			.contains("jvmArguments")
			.contains("Add-Opens: java.base/jdk.internal.access java.base/jdk.internal.misc");
	}

	@Test
	void manifestFormIsModuleSlashPackageSeparatedBySpaces() {
		assertThat(MissingJvmOptionsFailureAnalyzer.manifestForm(
				List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.sql/java.sql=ALL-UNNAMED")))
			.isEqualTo("java.base/java.nio java.sql/java.sql");
	}

	@Test
	void anApplicationStartedWithoutTheFlagsFailsWithTheReport() throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		// the test class path, and deliberately none of the --add-opens flags this test
		// JVM has
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), ReportingApplication.class.getName())
			.redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("JDK_JAVA_OPTIONS");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isNotZero();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("without " + JvmOptionsCheck.requiredOptions().size() + " of the "
					+ JvmOptionsCheck.requiredOptions().size() + " --add-opens flags")
			.contains(String.join(" ", JvmOptionsCheck.requiredOptions()))
			.contains("Add-Opens: java.base/jdk.internal.access");
	}

}
