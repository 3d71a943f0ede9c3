package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation can be followed without dead ends: every relative link of the README
 * and of docs/ reaches a file, and a heading where it names one, and the README links
 * every page of docs/.
 */
class DocumentationLinksTests {

	private static final Path ROOT = Path.of("..");

	private static final Path DOCS = ROOT.resolve("docs");

	private static final Pattern FENCED_CODE = Pattern.compile("```.*?```", Pattern.DOTALL);

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

	@Test
	void everyRelativeLinkReachesAFileAndHeading() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path page : pages()) {
			for (String link : links(read(page))) {
				String problem = problem(page, link);
				if (problem != null) {
					broken.add(ROOT.relativize(page) + ": " + link + " " + problem);
				}
			}
		}
		assertThat(broken).withFailMessage("Broken links:%n%s", String.join(System.lineSeparator(), broken)).isEmpty();
	}

	@Test
	void readmeLinksEveryPage() throws IOException {
		Set<String> linked = new LinkedHashSet<>();
		for (String link : links(read(ROOT.resolve("README.md")))) {
			linked.add(link.split("#", 2)[0]);
		}
		List<String> pages = new ArrayList<>();
		try (Stream<Path> docs = Files.list(DOCS)) {
			docs.filter((path) -> path.toString().endsWith(".md"))
				.map((path) -> "docs/" + path.getFileName())
				.sorted()
				.forEach(pages::add);
		}
		assertThat(pages).as("pages of docs/").isNotEmpty();
		assertThat(linked).as("links of README.md").containsAll(pages);
	}

	@Test
	void anchorsAreGitHubsHeadingIds() {
		assertThat(anchors("## Health: `sessiongrid`\n### The instances do not share sessions (\"a cluster of 1\")\n"))
			.containsExactly("health-sessiongrid", "the-instances-do-not-share-sessions-a-cluster-of-1");
	}

	@Test
	void reportsAMissingFileAndAMissingHeading() throws IOException {
		Path readme = ROOT.resolve("README.md");
		assertThat(problem(readme, "docs/no-such-page.md")).isEqualTo("(no such file)");
		assertThat(problem(readme, "docs/configuration.md#no-such-heading")).isEqualTo("(no such heading)");
		assertThat(problem(readme, "docs/configuration.md#security")).isNull();
	}

	private static String problem(Path page, String link) throws IOException {
		String[] parts = link.split("#", 2);
		Path target = parts[0].isEmpty() ? page : page.resolveSibling(parts[0]).normalize();
		if (!Files.exists(target)) {
			return "(no such file)";
		}
		if (parts.length == 2 && target.toString().endsWith(".md") && !anchors(read(target)).contains(parts[1])) {
			return "(no such heading)";
		}
		return null;
	}

	private static List<String> links(String markdown) {
		List<String> links = new ArrayList<>();
		Matcher link = LINK.matcher(FENCED_CODE.matcher(markdown).replaceAll(""));
		while (link.find()) {
			String target = link.group(1);
			if (!target.contains("://") && !target.startsWith("mailto:")) {
				links.add(target);
			}
		}
		return links;
	}

	/**
	 * The ids GitHub gives the headings of a page: lower case, punctuation dropped,
	 * spaces turned into hyphens.
	 */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Matcher heading = HEADING.matcher(FENCED_CODE.matcher(markdown).replaceAll(""));
		while (heading.find()) {
			anchors
				.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
		}
		return anchors;
	}

	private static List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>();
		pages.add(ROOT.resolve("README.md"));
		try (Stream<Path> docs = Files.list(DOCS)) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	private static String read(Path path) throws IOException {
		return Files.readString(path, StandardCharsets.UTF_8);
	}

}
