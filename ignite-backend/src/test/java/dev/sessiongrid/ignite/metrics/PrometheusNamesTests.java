package dev.sessiongrid.ignite.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code docs/} query the names
 * Prometheus really gets from {@link SessiongridMetrics}: Micrometer adds base units and
 * suffixes ({@code _seconds}, {@code _total}, {@code _bytes}, {@code _partitions}) that
 * are easy to get wrong by hand.
 */
class PrometheusNamesTests {

	private static final Pattern NAME = Pattern.compile("sessiongrid_[a-z_]+");

	private static final Path DOCS = Path.of("..", "docs");

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void dashboardAndAlertRulesQueryScrapedNames() throws IOException {
		Set<String> scraped = scrape();
		Set<String> dashboard = referencedNames(DOCS.resolve("grafana-dashboard.json"));
		Set<String> alerts = referencedNames(DOCS.resolve("prometheus-alerts.yml"));

		assertThat(dashboard).as("names in the dashboard; scraped: %s", scraped).isNotEmpty().isSubsetOf(scraped);
		assertThat(alerts).as("names in the alert rules; scraped: %s", scraped).isNotEmpty().isSubsetOf(scraped);
		// every meter has a panel: each scraped family's base name appears in the
		// dashboard
		assertThat(scraped).allSatisfy(
				(name) -> assertThat(dashboard).anySatisfy((used) -> assertThat(family(used)).isEqualTo(family(name))));
	}

	private Set<String> scrape() {
		Ignite node = this.cluster.start();
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		// as docs/metrics.md advises for percentiles: histogram buckets on the operation
		// timer
		registry.config().meterFilter(new MeterFilter() {
			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				return id.getName().equals(SessiongridMetrics.OPERATIONS)
						? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
						: config;
			}
		});
		try (IgniteSessionRepository repository = new IgniteSessionRepository(node, "prometheus", 0);
				ReplicationMonitor monitor = new ReplicationMonitor(node, "prometheus", 0)) {
			repository.start();
			new SessiongridMetrics(repository, monitor).bindTo(registry);
			repository.save(repository.createSession());
			Set<String> names = new TreeSet<>();
			for (String line : registry.scrape().split("\n")) {
				if (line.startsWith("sessiongrid_")) {
					names.add(line.split("[{ ]", 2)[0]);
				}
			}
			return names;
		}
	}

	private static Set<String> referencedNames(Path file) throws IOException {
		Set<String> names = new TreeSet<>();
		Matcher matcher = NAME.matcher(Files.readString(file));
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	private static String family(String name) {
		return name.replaceAll("_(count|sum|max|bucket|total)$", "");
	}

}
