package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.session.DeserializationFilter;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionCaches;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata the configuration processor generated, which IDEs use to complete and
 * document {@code sessiongrid.*} in application.yml: every property of the design, with a
 * description and its default.
 */
class ConfigurationMetadataTests {

	/**
	 * Every property of DESIGN.md (and the two this module adds), with its default; null
	 * where there is none.
	 */
	private static final Map<String, Object> EXPECTED = new LinkedHashMap<>();

	static {
		EXPECTED.put("sessiongrid.enabled", true);
		EXPECTED.put("sessiongrid.cache-name", "sessiongrid-sessions");
		EXPECTED.put("sessiongrid.backups", 1);
		EXPECTED.put("sessiongrid.flush-mode", "on-save");
		EXPECTED.put("sessiongrid.save-mode", "on-set-attribute");
		EXPECTED.put("sessiongrid.max-session-size", "4MB");
		EXPECTED.put("sessiongrid.unreadable-attribute", "skip");
		EXPECTED.put("sessiongrid.touch-interval", "10s");
		EXPECTED.put("sessiongrid.on-heap-copies-percent", 10);
		EXPECTED.put("sessiongrid.serializer", "jdk");
		EXPECTED.put("sessiongrid.serialization.allowed-classes", null);
		EXPECTED.put("sessiongrid.serialization.allowed-patterns", null);
		EXPECTED.put("sessiongrid.serialization.max-depth", 32);
		EXPECTED.put("sessiongrid.serialization.max-size", "4MB");
		EXPECTED.put("sessiongrid.node.name", null);
		EXPECTED.put("sessiongrid.node.local-address", "127.0.0.1");
		EXPECTED.put("sessiongrid.node.discovery-port", 47500);
		EXPECTED.put("sessiongrid.node.communication-port", 47100);
		EXPECTED.put("sessiongrid.node.port-range", 10);
		EXPECTED.put("sessiongrid.node.max-memory", "256MB");
		EXPECTED.put("sessiongrid.node.warm-up", true);
		EXPECTED.put("sessiongrid.node.hot-path-warm-up", "10s");
		EXPECTED.put("sessiongrid.node.background-start", true);
		EXPECTED.put("sessiongrid.discovery.addresses", List.of("127.0.0.1:47500..47509"));
		EXPECTED.put("sessiongrid.discovery.dns-name", null);
		EXPECTED.put("sessiongrid.discovery.multicast-group", null);
		EXPECTED.put("sessiongrid.failover.detection-timeout", "5s");
		EXPECTED.put("sessiongrid.failover.backup-rebuild-delay", "0s");
		EXPECTED.put("sessiongrid.failover.lost-partitions", "reset");
		EXPECTED.put("sessiongrid.failover.lost-partitions-reset-delay", "10s");
		EXPECTED.put("sessiongrid.failover.rejoin-attempts", 5);
		EXPECTED.put("sessiongrid.failover.rejoin-backoff", "1s");
		EXPECTED.put("sessiongrid.shutdown.graceful-timeout", "30s");
		EXPECTED.put("sessiongrid.ssl.bundle", null);
	}

	private static String metadata;

	@BeforeAll
	static void readGeneratedMetadata() throws IOException, URISyntaxException {
		// this module's own file, not one of the many other jars' of the same name
		Path classes = Path.of(SessiongridProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (InputStream in = Files.newInputStream(classes.resolve("META-INF/spring-configuration-metadata.json"))) {
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void listsExactlyTheDesignedProperties() {
		List<String> names = JsonPath.read(metadata, "$.properties[*].name");
		// The processor also lists the sessiongrid endpoint's
		// management.endpoint.sessiongrid.* properties.
		assertThat(names.stream().filter((name) -> name.startsWith("sessiongrid.")))
			.containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
		assertThat(names).contains("management.endpoint.sessiongrid.access");
	}

	@Test
	void describesEveryPropertyInOneSentence() {
		for (String name : EXPECTED.keySet()) {
			String description = property(name, "description");
			assertThat(description).as(name).isNotBlank().endsWith(".").doesNotStartWith("The ").doesNotStartWith("A ");
		}
		assertThat((String) property("sessiongrid.enabled", "description")).startsWith("Whether");
	}

	@Test
	void givesEveryDefault() {
		EXPECTED.forEach((name, expected) -> {
			List<Object> defaults = JsonPath.read(metadata, "$.properties[?(@.name == '" + name + "')].defaultValue");
			if (expected == null) {
				assertThat(defaults).as(name).isEmpty();
			}
			else {
				assertThat(defaults).as(name).containsExactly(expected);
			}
		});
	}

	/**
	 * The configuration processor cannot read a default that comes from another class's
	 * constant, so the node's defaults reach the metadata through
	 * additional-spring-configuration-metadata.json; this keeps that copy equal to
	 * {@link SessiongridNodeSettings}' constants, the one source the properties start
	 * from.
	 */
	@Test
	void nodeDefaultsAreTheBackendsDefaults() {
		SessiongridNodeSettings defaults = new SessiongridNodeSettings();
		assertThat((String) defaultValue("sessiongrid.node.local-address")).isEqualTo(defaults.getLocalAddress());
		assertThat((Integer) defaultValue("sessiongrid.node.discovery-port")).isEqualTo(defaults.getDiscoveryPort());
		assertThat((Integer) defaultValue("sessiongrid.node.communication-port"))
			.isEqualTo(defaults.getCommunicationPort());
		assertThat((Integer) defaultValue("sessiongrid.node.port-range")).isEqualTo(defaults.getPortRange());
		assertThat(DataSize.parse(defaultValue("sessiongrid.node.max-memory")).toBytes())
			.isEqualTo(defaults.getMaxMemory());
		assertThat((List<String>) defaultValue("sessiongrid.discovery.addresses"))
			.isEqualTo(defaults.getDiscoveryAddresses());
		assertThat(DurationStyle.detectAndParse(defaultValue("sessiongrid.failover.detection-timeout")))
			.isEqualTo(defaults.getFailureDetectionTimeout());
		assertThat(DurationStyle.detectAndParse(defaultValue("sessiongrid.failover.backup-rebuild-delay")))
			.isEqualTo(defaults.getBackupRebuildDelay());
	}

	@Test
	void serializationDefaultsAreTheFiltersDefaults() {
		assertThat((Integer) defaultValue("sessiongrid.serialization.max-depth"))
			.isEqualTo(DeserializationFilter.DEFAULT_MAX_DEPTH);
		assertThat(DataSize.parse(defaultValue("sessiongrid.serialization.max-size")).toBytes())
			.isEqualTo(DeserializationFilter.DEFAULT_MAX_BYTES);
	}

	@Test
	void touchIntervalDefaultIsTheRepositorysDefault() {
		assertThat(DurationStyle.detectAndParse(defaultValue("sessiongrid.touch-interval")))
			.isEqualTo(IgniteSessionRepository.DEFAULT_TOUCH_INTERVAL);
	}

	@Test
	void onHeapCopiesDefaultIsTheCachesDefault() {
		assertThat((Integer) defaultValue("sessiongrid.on-heap-copies-percent"))
			.isEqualTo(SessionCaches.ON_HEAP_PERCENT);
	}

	private static <T> T defaultValue(String name) {
		return property(name, "defaultValue");
	}

	private static <T> T property(String name, String field) {
		List<T> values = JsonPath.read(metadata, "$.properties[?(@.name == '" + name + "')]." + field);
		assertThat(values).as(name + " " + field).hasSize(1);
		return values.get(0);
	}

}
