package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.autoconfigure.ConfigurationDocumentation.MetadataProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md documents exactly the properties of the generated configuration
 * metadata, each once and with the metadata's default, so that the page cannot drift from
 * the code: a property added, renamed or removed, or a default changed, fails the build
 * until the page says so. The YAML examples of the other pages use only real properties,
 * and the one in docs/getting-started.md that shows defaults shows the real ones.
 */
class ConfigurationDocumentationTests {

	private static final Path DOCS = Path.of("..", "docs");

	private static final Path CONFIGURATION = DOCS.resolve("configuration.md");

	private static final Path GETTING_STARTED = DOCS.resolve("getting-started.md");

	private static final Path README = Path.of("..", "README.md");

	private static Map<String, MetadataProperty> metadata;

	@BeforeAll
	static void readGeneratedMetadata() throws IOException, URISyntaxException {
		// this module's own file, not one of the many other jars' of the same name
		Path classes = Path.of(SessiongridProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		metadata = ConfigurationDocumentation
			.metadataProperties(read(classes.resolve("META-INF/spring-configuration-metadata.json")));
	}

	@Test
	void configurationPageDocumentsEveryPropertyOnceWithItsDefault() throws IOException {
		List<String> problems = ConfigurationDocumentation.problems(metadata,
				ConfigurationDocumentation.documentedProperties(read(CONFIGURATION)), "docs/configuration.md");
		assertThat(metadata).as("properties in the metadata").containsKey("sessiongrid.enabled");
		assertThat(problems)
			.withFailMessage("docs/configuration.md disagrees with the configuration metadata:%n%s",
					String.join(System.lineSeparator(), problems))
			.isEmpty();
	}

	@Test
	void yamlExamplesOfEveryPageUseOnlyRealProperties() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path page : pages()) {
			problems.addAll(ConfigurationDocumentation.yamlProblems(metadata, read(page), page.normalize().toString()));
		}
		assertThat(problems)
			.withFailMessage("YAML examples name properties that do not exist:%n%s",
					String.join(System.lineSeparator(), problems))
			.isEmpty();
	}

	@Test
	void gettingStartedShowsTheRealDefaults() throws IOException {
		String page = read(GETTING_STARTED);
		int section = page.indexOf("### application.yml");
		assertThat(section).as("the application.yml section of getting-started.md").isNotNegative();
		Map<String, Object> defaults = ConfigurationDocumentation.yamlBlocks(page.substring(section)).get(0);
		assertThat(defaults).as("properties shown with their defaults").containsKey("sessiongrid.backups");
		List<String> problems = ConfigurationDocumentation.yamlDefaultProblems(metadata, defaults,
				"docs/getting-started.md");
		assertThat(problems)
			.withFailMessage("docs/getting-started.md shows wrong defaults:%n%s",
					String.join(System.lineSeparator(), problems))
			.isEmpty();
	}

	// The check itself: each kind of drift is reported, by name.

	@Test
	void reportsAPropertyMissingFromThePage() {
		assertThat(check("| property | default | meaning |\n| --- | --- | --- |\n"
				+ "| `sessiongrid.backups` | `1` | Copies. |\n"))
			.singleElement()
			.asString()
			.startsWith("sessiongrid.node.name is in the metadata but not documented");
	}

	@Test
	void reportsADocumentedPropertyThatDoesNotExist() {
		assertThat(check(table("| `sessiongrid.backups` | `1` | Copies. |",
				"| `sessiongrid.node.name` | (unset) | Name. |", "| `sessiongrid.node.colour` | `red` | Gone. |")))
			.singleElement()
			.asString()
			.startsWith("sessiongrid.node.colour is documented in page (line 5) but is not a property");
	}

	@Test
	void reportsAWrongDefault() {
		assertThat(
				check(table("| `sessiongrid.backups` | `2` | Copies. |", "| `sessiongrid.node.name` | `x` | Name. |")))
			.containsExactly(
					"sessiongrid.backups is documented with default `2` (page line 3) but the metadata's default is `1`",
					"sessiongrid.node.name is documented with default `x` (page line 4) but the metadata's default is none");
	}

	@Test
	void reportsADefaultThatCannotBeRead() {
		assertThat(check(
				table("| `sessiongrid.backups` | one | Copies. |", "| `sessiongrid.node.name` | (unset) | Name. |")))
			.singleElement()
			.asString()
			.startsWith("sessiongrid.backups has a default that is neither one `value` nor (unset)");
	}

	@Test
	void reportsAPropertyDocumentedTwice() {
		assertThat(check(table("| `sessiongrid.backups` | `1` | Copies. |",
				"| `sessiongrid.node.name` | (unset) | Name. |", "| `sessiongrid.backups` | `1` | Again. |")))
			.containsExactly("sessiongrid.backups is documented 2 times in page, on lines 3, 5");
	}

	@Test
	void comparesDurationsSizesAndEnumsByValue() {
		Map<String, MetadataProperty> typed = Map.of("sessiongrid.touch-interval",
				new MetadataProperty("sessiongrid.touch-interval", "java.time.Duration", "10s"), "sessiongrid.max-size",
				new MetadataProperty("sessiongrid.max-size", "org.springframework.util.unit.DataSize", "4MB"),
				"sessiongrid.mode", new MetadataProperty("sessiongrid.mode", "dev.sessiongrid.Mode", "read_only"));
		assertThat(ConfigurationDocumentation.problems(typed,
				ConfigurationDocumentation
					.documentedProperties(table("| `sessiongrid.touch-interval` | `10000ms` | T. |",
							"| `sessiongrid.max-size` | `4096KB` | S. |", "| `sessiongrid.mode` | `read-only` | M. |")),
				"page"))
			.isEmpty();
		assertThat(ConfigurationDocumentation.problems(typed,
				ConfigurationDocumentation.documentedProperties(table("| `sessiongrid.touch-interval` | `1s` | T. |",
						"| `sessiongrid.max-size` | `4MB` | S. |", "| `sessiongrid.mode` | `read-write` | M. |")),
				"page"))
			.containsExactly(
					"sessiongrid.touch-interval is documented with default `1s` (page line 3) but the metadata's default is `10s`",
					"sessiongrid.mode is documented with default `read-write` (page line 5) but the metadata's default is `read_only`");
	}

	@Test
	void reportsYamlKeysThatAreNotProperties() {
		String page = "```yaml\nsessiongrid:\n  backups: 2\n  node:\n    colour: red\nspring:\n  session:\n"
				+ "    timeout: 5m\n```\n";
		assertThat(ConfigurationDocumentation.yamlProblems(sample(), page, "page")).containsExactly(
				"sessiongrid.node.colour is used in a YAML example of page but is not a property: no such entry in the metadata");
	}

	@Test
	void reportsYamlThatDoesNotParse() {
		assertThat(ConfigurationDocumentation.yamlProblems(sample(), "```yaml\nsessiongrid:\n  backups: [1\n```\n",
				"page"))
			.singleElement()
			.asString()
			.startsWith("page has a YAML example that does not parse");
	}

	@Test
	void reportsYamlDefaultsThatAreWrong() {
		Map<String, Object> block = ConfigurationDocumentation
			.yamlBlocks("```yaml\nsessiongrid:\n  backups: 2\n  node:\n    name:\n```\n")
			.get(0);
		assertThat(ConfigurationDocumentation.yamlDefaultProblems(sample(), block, "page"))
			.containsExactly("sessiongrid.backups is shown in page with default `2` but the metadata's default is `1`");
	}

	private static List<String> check(String page) {
		return ConfigurationDocumentation.problems(sample(), ConfigurationDocumentation.documentedProperties(page),
				"page");
	}

	private static Map<String, MetadataProperty> sample() {
		return Map.of("sessiongrid.backups", new MetadataProperty("sessiongrid.backups", "java.lang.Integer", "1"),
				"sessiongrid.node.name", new MetadataProperty("sessiongrid.node.name", "java.lang.String", null));
	}

	private static String table(String... rows) {
		return "| property | default | meaning |\n| --- | --- | --- |\n" + String.join("\n", rows) + "\n";
	}

	private static List<Path> pages() throws IOException {
		try (Stream<Path> docs = Files.list(DOCS)) {
			List<Path> pages = new ArrayList<>(
					docs.filter((path) -> path.toString().endsWith(".md")).sorted().toList());
			pages.add(README);
			return pages;
		}
	}

	private static String read(Path path) throws IOException {
		return Files.readString(path, StandardCharsets.UTF_8);
	}

}
