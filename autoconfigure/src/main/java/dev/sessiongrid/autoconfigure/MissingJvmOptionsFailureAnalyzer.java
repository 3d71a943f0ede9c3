package dev.sessiongrid.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.sessiongrid.ignite.node.MissingJvmOptionsException;

/**
 * Explains a start-up that failed because the JVM lacks the {@code --add-opens} flags
 * Ignite needs: lists the missing flags, prints the whole list ready to paste, and says
 * where it goes for each way of starting the JVM.
 */
class MissingJvmOptionsFailureAnalyzer extends AbstractFailureAnalyzer<MissingJvmOptionsException> {

	private static final String PREFIX = "--add-opens=";

	private static final String SUFFIX = "=ALL-UNNAMED";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingJvmOptionsException cause) {
		List<String> missing = cause.getMissingOptions();
		List<String> required = cause.getRequiredOptions();
		String description = "Sessiongrid could not start its embedded Apache Ignite node: the JVM was started "
				+ "without " + missing.size() + " of the " + required.size() + " --add-opens flags Ignite needs on "
				+ "Java 17 and later. Missing:\n\n" + indented(missing);
		String flags = String.join(" ", required);
		String action = "Start the JVM with all of these flags:\n\n    " + flags + "\n\n" + "Where to put them:\n"
				+ "  - java command line: java " + PREFIX + "... -jar app.jar (the flags before -jar)\n"
				+ "  - any launcher, IDE run configuration or container: the environment variable\n"
				+ "    JAVA_TOOL_OPTIONS=\"<the flags>\" (or JDK_JAVA_OPTIONS for the java launcher only)\n"
				+ "  - Maven spring-boot:run: <jvmArguments><the flags></jvmArguments> in the configuration of\n"
				+ "    spring-boot-maven-plugin\n"
				+ "  - Gradle: tasks.named(\"bootRun\") { jvmArgs(<the flags, one string each>) }, and the same for test\n"
				+ "  - executable jar: the manifest entry below makes plain java -jar work, e.g. with\n"
				+ "    maven-jar-plugin <archive><manifestEntries><Add-Opens>...</Add-Opens></manifestEntries>\n\n"
				+ "    Add-Opens: " + manifestForm(required);
		return new FailureAnalysis(description, action, cause);
	}

	private static String indented(List<String> flags) {
		return flags.stream().map((flag) -> "    " + flag).collect(Collectors.joining("\n"));
	}

	/**
	 * Rewrites the flags into the form of the {@code Add-Opens} manifest attribute:
	 * space-separated {@code module/package}, always opened to all unnamed modules.
	 */
	static String manifestForm(List<String> flags) {
		return flags.stream()
			.map((flag) -> flag.startsWith(PREFIX) ? flag.substring(PREFIX.length()) : flag)
			.map((flag) -> flag.endsWith(SUFFIX) ? flag.substring(0, flag.length() - SUFFIX.length()) : flag)
			.collect(Collectors.joining(" "));
	}

}
