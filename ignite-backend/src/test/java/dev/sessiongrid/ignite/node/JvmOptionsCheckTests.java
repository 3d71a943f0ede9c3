package dev.sessiongrid.ignite.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmOptionsCheckTests {

	@Test
	void requiredOptionsAreIgnitesWholeList() {
		List<String> required = JvmOptionsCheck.requiredOptions();

		assertThat(required).hasSize(24).allMatch((flag) -> flag.matches("--add-opens=[\\w.]+/[\\w.]+=ALL-UNNAMED"));
		assertThat(required).contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
	}

	@Test
	void nothingIsMissingWhenTheBuildPassesTheFlags() {
		assertThat(JvmOptionsCheck.missingOptions()).isEmpty();
	}

	@Test
	void aJvmWithoutTheFlagsIsToldEveryMissingOne() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				Main.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

		assertThat(output).contains("MissingJvmOptionsException")
			.contains("24 of 24 missing")
			.contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
		assertThat(Files.exists(java)).isTrue();
	}

	/** Run in a child JVM started without the flags. */
	public static final class Main {

		public static void main(String[] args) {
			try {
				JvmOptionsCheck.verify();
				System.out.println("no exception");
			}
			catch (MissingJvmOptionsException ex) {
				System.out.println(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
		}

	}

}
