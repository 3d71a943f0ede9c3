package dev.sessiongrid.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Compares the Markdown documentation of the properties with the configuration metadata
 * the configuration processor generated, and says every way they disagree.
 * <p>
 * A documented property is a row of a Markdown table whose first cell is the property's
 * name in backticks; its default is the cell under the table's {@code default} heading,
 * either one value in backticks or {@code (unset)}. Durations and data sizes are compared
 * by value ({@code 10s} is {@code 10000ms}), enums as Spring binds them
 * ({@code read-only} is {@code read_only}), everything else as written.
 */
final class ConfigurationDocumentation {

	/** Prefixes of the property names this project owns, in metadata and docs. */
	private static final List<String> PREFIXES = List.of("sessiongrid.", "management.endpoint.sessiongrid.");

	private static final String UNSET = "(unset)";

	private static final Pattern CELL_SPLIT = Pattern.compile("(?<!\\\\)\\|");

	private static final Pattern SEPARATOR_ROW = Pattern.compile("^\\|(\\s*:?-+:?\\s*\\|)+\\s*$");

	private static final Pattern BACKTICKED = Pattern.compile("^`([^`]*)`$");

	private static final Pattern YAML_BLOCK = Pattern.compile("```ya?ml\\n(.*?)```", Pattern.DOTALL);

	private ConfigurationDocumentation() {
	}

	/**
	 * Reads the properties of the metadata, with their type and default.
	 * @param metadataJson the content of {@code spring-configuration-metadata.json}
	 * @return the properties by name, in the metadata's order
	 */
	static Map<String, MetadataProperty> metadataProperties(String metadataJson) {
		List<Map<String, Object>> properties = JsonPath.read(metadataJson, "$.properties[*]");
		Map<String, MetadataProperty> result = new LinkedHashMap<>();
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			if (isOurs(name)) {
				result.put(name, new MetadataProperty(name, (String) property.get("type"),
						written(property.get("defaultValue"))));
			}
		}
		return result;
	}

	/**
	 * Reads the documented properties: every table row naming one of ours.
	 * @param markdown the documentation page
	 * @return one entry per row, in the page's order (a property documented twice appears
	 * twice)
	 */
	static List<DocumentedProperty> documentedProperties(String markdown) {
		List<DocumentedProperty> result = new ArrayList<>();
		String[] lines = markdown.split("\\R");
		int defaultColumn = -1;
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].trim();
			if (!line.startsWith("|")) {
				defaultColumn = -1;
				continue;
			}
			List<String> cells = cells(line);
			if (i + 1 < lines.length && SEPARATOR_ROW.matcher(lines[i + 1].trim()).matches()) {
				defaultColumn = cells.indexOf("default");
				i++;
				continue;
			}
			Matcher name = BACKTICKED.matcher(cells.isEmpty() ? "" : cells.get(0));
			if (name.matches() && isOurs(name.group(1))) {
				String defaultCell = (defaultColumn >= 0 && defaultColumn < cells.size()) ? cells.get(defaultColumn)
						: null;
				result.add(new DocumentedProperty(name.group(1), i + 1, defaultCell));
			}
		}
		return result;
	}

	/**
	 * Compares a properties page with the metadata.
	 * @return what disagrees, one sentence each; empty when the page documents every
	 * property of the metadata once, no other, and each with the metadata's default
	 */
	static List<String> problems(Map<String, MetadataProperty> metadata, List<DocumentedProperty> documented,
			String page) {
		List<String> problems = new ArrayList<>();
		Map<String, List<DocumentedProperty>> byName = documented.stream()
			.collect(Collectors.groupingBy(DocumentedProperty::name, LinkedHashMap::new, Collectors.toList()));
		for (MetadataProperty property : metadata.values()) {
			if (!byName.containsKey(property.name())) {
				problems.add(property.name() + " is in the metadata but not documented in " + page
						+ " (add a table row: | `" + property.name() + "` | "
						+ ((property.defaultValue() != null) ? "`" + property.defaultValue() + "`" : UNSET)
						+ " | meaning |)");
			}
		}
		byName.forEach((name, rows) -> {
			if (rows.size() > 1) {
				problems.add(name + " is documented " + rows.size() + " times in " + page + ", on lines "
						+ rows.stream().map((row) -> String.valueOf(row.line())).collect(Collectors.joining(", ")));
			}
			MetadataProperty property = metadata.get(name);
			if (property == null) {
				problems.add(name + " is documented in " + page + " (line " + rows.get(0).line()
						+ ") but is not a property: no such entry in the metadata");
				return;
			}
			for (DocumentedProperty row : rows) {
				String problem = defaultProblem(property, row, page);
				if (problem != null) {
					problems.add(problem);
				}
			}
		});
		return problems;
	}

	/**
	 * Compares the property keys of the YAML examples of a page with the metadata: every
	 * key under one of our prefixes must be a property.
	 * @return what disagrees, one sentence each
	 */
	static List<String> yamlProblems(Map<String, MetadataProperty> metadata, String markdown, String page) {
		List<String> problems = new ArrayList<>();
		List<Map<String, @Nullable Object>> blocks;
		try {
			blocks = yamlBlocks(markdown);
		}
		catch (YAMLException ex) {
			return List.of(page + " has a YAML example that does not parse: " + ex.getMessage());
		}
		for (Map<String, @Nullable Object> block : blocks) {
			block.keySet()
				.stream()
				.filter(ConfigurationDocumentation::isOurs)
				.filter((key) -> !metadata.containsKey(key))
				.forEach((key) -> problems.add(key + " is used in a YAML example of " + page
						+ " but is not a property: no such entry in the metadata"));
		}
		return problems;
	}

	/**
	 * Compares the values of a YAML example that shows defaults with the metadata's
	 * defaults; an empty value stands for a property without a default.
	 * @param block one flattened YAML example
	 * @return what disagrees, one sentence each
	 */
	static List<String> yamlDefaultProblems(Map<String, MetadataProperty> metadata, Map<String, @Nullable Object> block,
			String page) {
		List<String> problems = new ArrayList<>();
		block.forEach((key, value) -> {
			MetadataProperty property = metadata.get(key);
			if (property != null && !sameValue(property, written(value), property.defaultValue())) {
				problems.add(key + " is shown in " + page + " with default " + describe(written(value))
						+ " but the metadata's default is " + describe(property.defaultValue()));
			}
		});
		return problems;
	}

	/**
	 * Reads the YAML examples of a page, each flattened to property names.
	 * @return one map per {@code yaml} code block, property name to value (a list stays a
	 * list; an empty value is {@code null})
	 */
	static List<Map<String, @Nullable Object>> yamlBlocks(String markdown) {
		List<Map<String, @Nullable Object>> blocks = new ArrayList<>();
		Matcher block = YAML_BLOCK.matcher(markdown);
		while (block.find()) {
			for (Object document : new Yaml().loadAll(block.group(1))) {
				Map<String, @Nullable Object> flat = new LinkedHashMap<>();
				flatten("", document, flat);
				blocks.add(flat);
			}
		}
		return blocks;
	}

	private static void flatten(String prefix, @Nullable Object value, Map<String, @Nullable Object> into) {
		if (value instanceof Map<?, ?> map) {
			map.forEach(
					(key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, into));
		}
		else if (!prefix.isEmpty()) {
			into.put(prefix, value);
		}
	}

	private static @Nullable String defaultProblem(MetadataProperty property, DocumentedProperty row, String page) {
		String where = page + " line " + row.line();
		if (row.defaultCell() == null) {
			return property.name() + " has no default column in its table (" + where + ")";
		}
		String documented;
		if (row.defaultCell().equals(UNSET)) {
			documented = null;
		}
		else {
			Matcher value = BACKTICKED.matcher(row.defaultCell());
			if (!value.matches()) {
				return property.name() + " has a default that is neither one `value` nor " + UNSET + " (" + where
						+ "): " + row.defaultCell();
			}
			documented = value.group(1);
		}
		if (sameValue(property, documented, property.defaultValue())) {
			return null;
		}
		return property.name() + " is documented with default " + describe(documented) + " (" + where
				+ ") but the metadata's default is " + describe(property.defaultValue());
	}

	private static boolean sameValue(MetadataProperty property, @Nullable String documented, @Nullable String actual) {
		if (documented == null || actual == null) {
			return documented == null && actual == null;
		}
		try {
			if ("java.time.Duration".equals(property.type())) {
				return DurationStyle.detectAndParse(documented).equals(DurationStyle.detectAndParse(actual));
			}
			if ("org.springframework.util.unit.DataSize".equals(property.type())) {
				return DataSize.parse(documented).equals(DataSize.parse(actual));
			}
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (isEnum(property)) {
			// bound relaxed, as Spring binds enums: read-only is READ_ONLY
			return relaxed(documented).equals(relaxed(actual));
		}
		return documented.equals(actual);
	}

	/**
	 * Writes a default as the docs show it: a list as {@code [a, b]}, anything else as
	 * its string.
	 */
	private static @Nullable String written(@Nullable Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
		}
		return Objects.toString(value, null);
	}

	/**
	 * Tells whether a property's type is an enum: any type not a string, number, boolean,
	 * duration, size or collection of the JDK and Spring's conversion.
	 */
	private static boolean isEnum(MetadataProperty property) {
		String type = property.type();
		return type != null && !type.startsWith("java.") && !type.startsWith("org.springframework.util.unit.");
	}

	private static String relaxed(String value) {
		return value.replace('_', '-').toLowerCase(Locale.ROOT);
	}

	private static String describe(@Nullable String value) {
		return (value != null) ? "`" + value + "`" : "none";
	}

	private static boolean isOurs(String name) {
		return PREFIXES.stream().anyMatch(name::startsWith);
	}

	private static List<String> cells(String row) {
		String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
		List<String> cells = new ArrayList<>();
		for (String cell : CELL_SPLIT.split(inner, -1)) {
			cells.add(cell.trim());
		}
		return cells;
	}

	/**
	 * A property of the metadata.
	 *
	 * @param name its name
	 * @param type its Java type, as the metadata writes it
	 * @param defaultValue its default as the docs write it, or {@code null} when the
	 * metadata gives none
	 */
	record MetadataProperty(String name, @Nullable String type, @Nullable String defaultValue) {

	}

	/**
	 * A property documented in a table.
	 *
	 * @param name its name
	 * @param line the row's line number, from 1
	 * @param defaultCell the text of its default cell, or {@code null} when its table has
	 * no default column
	 */
	record DocumentedProperty(String name, int line, @Nullable String defaultCell) {

	}

}
