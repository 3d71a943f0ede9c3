package dev.sessiongrid.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads what one run of {@code benchmarks/run.sh} measured (the files of its results
 * directory) and prints the rounds, the medians and, last, the ratio table against the
 * goals of issue 9; writes the data and the gnuplot script of the chart. Every ratio is
 * between figures of this same run. A figure a section did not measure is "n/a" and its
 * goal "not run", never a number from elsewhere.
 * <p>
 * Over ~350 lines because it is the one place that knows every section's file format and
 * every goal of the issue; it is a report program, not product code.
 * <p>
 * Inputs in the results directory: {@code http.txt} (lines of the load generator, label
 * {@code section.store.rN}), {@code jmh-*.csv} (JMH's CSV), {@code footprint.txt} and
 * {@code startup.txt} ({@code key=value} lines). Usage:
 * {@code BenchReport <results dir>}.
 */
public final class BenchReport {

	static final List<String> SINGLE_STORES = List.of("sessiongrid", "redis", "redis-indexed", "jdbc", "map");

	static final List<String> FARM_STORES = List.of("sessiongrid", "redis", "redis-indexed", "jdbc");

	private final List<Map<String, String>> http;

	private final List<Map<String, String>> jmh;

	private final List<Map<String, String>> footprint;

	private final List<Map<String, String>> startup;

	private final StringBuilder out = new StringBuilder();

	private BenchReport(Path dir) throws IOException {
		this.http = keyValues(dir.resolve("http.txt"), "");
		this.footprint = keyValues(dir.resolve("footprint.txt"), "footprint ");
		this.startup = keyValues(dir.resolve("startup.txt"), "startup ");
		this.jmh = new ArrayList<>();
		try (var files = Files.list(dir)) {
			for (Path csv : files.filter((p) -> p.getFileName().toString().matches("jmh-.*\\.csv")).sorted().toList()) {
				this.jmh.addAll(jmhRows(csv));
			}
		}
	}

	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args[0]);
		BenchReport report = new BenchReport(dir);
		report.httpSection("http1", "HTTP, one instance per store", report.stores("http1", SINGLE_STORES));
		report.httpSection("farm", "HTTP, farm of 3 instances per store, round robin per request",
				report.stores("farm", FARM_STORES));
		report.jmhSection();
		report.footprintSection();
		report.startupSection();
		report.ratioTable();
		report.chart(dir);
		System.out.print(report.out);
	}

	// ---- sections ----

	private void httpSection(String section, String title, List<String> stores) {
		if (rows(section).isEmpty()) {
			line("%n== %s: not run", title);
			return;
		}
		line("%n== %s (32 closed-loop users, 200 sessions, 80%% reads of a 2 KB cart / 20%% adds)", title);
		line("%-14s %-6s %-5s %10s %9s %9s %9s %9s %9s %7s", "store", "window", "round", "req/s", "p50 ms", "p99 ms",
				"max ms", "CPU ms/req", "requests", "errors");
		for (String window : List.of("cold", "warm")) {
			for (String store : stores) {
				for (Map<String, String> row : rows(section, store, window)) {
					line("%-14s %-6s %-5s %10s %9s %9s %9s %9s %9s %7s", store, window, row.get("round"),
							row.get("rps"), row.get("p50_ms"), row.get("p99_ms"), row.get("max_ms"),
							row.getOrDefault("cpu_ms_per_req", "n/a"), row.get("requests"),
							row.get("errors") + (failed(row) ? " FAILED, not in the medians" : ""));
				}
			}
		}
		line("medians of the rounds:");
		line("%-14s %12s %10s %14s %12s %10s %14s", "store", "cold req/s", "cold p99", "cold CPU ms/req", "warm req/s",
				"warm p99", "warm CPU ms/req");
		for (String store : stores) {
			line("%-14s %12s %10s %14s %12s %10s %14s", store, fmt(median(section, store, "cold", "rps")),
					fmt(median(section, store, "cold", "p99_ms")),
					fmt(median(section, store, "cold", "cpu_ms_per_req")), fmt(median(section, store, "warm", "rps")),
					fmt(median(section, store, "warm", "p99_ms")),
					fmt(median(section, store, "warm", "cpu_ms_per_req")));
		}
	}

	private void jmhSection() {
		if (this.jmh.isEmpty()) {
			line("%n== Repository level (JMH): not run");
			return;
		}
		line("%n== Repository level (JMH 1.37, sample time, all nodes in one JVM; 3 nodes: backups=1)");
		line("%-22s %6s %9s %12s %12s %12s", "operation", "nodes", "sessions", "median µs", "p99 µs", "mean µs");
		for (Map<String, String> row : this.jmh) {
			line("%-22s %6s %9s %12s %12s %12s", row.get("op"), row.get("nodes"), row.get("sessions"),
					fmt(num(row.get("p0.50"))), fmt(num(row.get("p0.99"))), fmt(num(row.get("mean"))));
		}
	}

	private void footprintSection() {
		if (this.footprint.isEmpty()) {
			line("%n== Footprint: not run");
			return;
		}
		line("%n== Footprint per stored session copy (one node, no backups)");
		line("%9s %8s %9s %12s %10s %8s %16s", "payload", "on-heap", "sessions", "serialized", "off-heap", "heap",
				"beyond payload");
		for (Map<String, String> row : this.footprint) {
			line("%7s B %7s%% %9s %10s B %8s B %6s B %14s B", row.get("payload"), onHeapShare(row), row.get("sessions"),
					row.get("serialized"), row.get("offheap"), row.get("heap"), row.get("beyond"));
		}
	}

	/**
	 * The on-heap copies' share of a footprint row; rows before it was printed had 10%.
	 */
	private static String onHeapShare(Map<String, String> row) {
		return row.getOrDefault("onheap", "10");
	}

	private void startupSection() {
		if (this.startup.isEmpty()) {
			line("%n== Start-up of the sample app: not run");
			return;
		}
		line("%n== Start-up of the sample app (Spring's \"process running for\", seconds)");
		for (String variant : List.of("with-node", "without-node")) {
			List<Map<String, String>> runs = this.startup.stream()
				.filter((r) -> variant.equals(r.get("variant")))
				.toList();
			line("%-13s rounds %s  median %s", variant,
					String.join(" ", runs.stream().map((r) -> r.get("seconds")).toList()), fmt(startupMedian(variant)));
			line("%-13s ready (readiness accepting traffic, s from launch) %s  median %s", "",
					String.join(" ", runs.stream().map((r) -> r.getOrDefault("ready", "n/a")).toList()),
					fmt(median(runs.stream().mapToDouble((r) -> num(r.get("ready"))).toArray())));
		}
	}

	/**
	 * The known stores, then any other store the section measured (such as
	 * {@code sessiongrid-b} of an A/B run), in the order first seen.
	 */
	List<String> stores(String section, List<String> known) {
		Set<String> stores = new LinkedHashSet<>(known);
		this.http.stream()
			.filter((row) -> section.equals(row.get("section")))
			.map((row) -> row.get("store"))
			.forEach(stores::add);
		return List.copyOf(stores);
	}

	private void ratioTable() {
		line("%n== Stores as ratios (medians of the rounds, same run)");
		line("%-30s %10s %8s %8s %9s %8s", "one instance", "req/s", "× map", "p99 ms", "× map", "");
		for (String window : List.of("warm", "cold")) {
			double mapRps = median("http1", "map", window, "rps");
			double mapP99 = median("http1", "map", window, "p99_ms");
			for (String store : stores("http1", SINGLE_STORES)) {
				double rps = median("http1", store, window, "rps");
				double p99 = median("http1", store, window, "p99_ms");
				line("%-30s %10s %8s %8s %9s", store + " (" + window + ")", fmt(rps), ratio(rps, mapRps), fmt(p99),
						ratio(p99, mapP99));
			}
		}
		line("%-30s %10s %10s %10s %8s %8s %12s", "farm of 3", "req/s", "× redis", "× indexed", "× jdbc", "p99 ms",
				"p99 × redis");
		for (String window : List.of("warm", "cold")) {
			double redis = median("farm", "redis", window, "rps");
			double indexed = median("farm", "redis-indexed", window, "rps");
			double jdbc = median("farm", "jdbc", window, "rps");
			double redisP99 = median("farm", "redis", window, "p99_ms");
			for (String store : stores("farm", FARM_STORES)) {
				double rps = median("farm", store, window, "rps");
				double p99 = median("farm", store, window, "p99_ms");
				line("%-30s %10s %10s %10s %8s %8s %12s", store + " (" + window + ")", fmt(rps), ratio(rps, redis),
						ratio(rps, indexed), ratio(rps, jdbc), fmt(p99), ratio(p99, redisP99));
			}
		}

		line("%n== Goals of issue 9 (ratios in this run)");
		line("%-58s %14s %10s  %s", "goal", "measured", "target", "result");
		paired("one instance, warm: req/s vs the map", "http1", "sessiongrid", "map", "warm", "rps", 0.8, true);
		paired("one instance, warm: p99 vs Redis default", "http1", "sessiongrid", "redis", "warm", "p99_ms", 1.0,
				false);
		paired("one instance, cold (~10 s of load): req/s vs the map", "http1", "sessiongrid", "map", "cold", "rps",
				0.6, true);
		paired("farm of 3, warm: req/s vs Redis indexed", "farm", "sessiongrid", "redis-indexed", "warm", "rps", 1.5,
				true);
		paired("farm of 3, warm: req/s vs Redis default", "farm", "sessiongrid", "redis", "warm", "rps", 1.2, true);
		paired("farm of 3, warm: p99 vs Redis default", "farm", "sessiongrid", "redis", "warm", "p99_ms", 1.0, false);
		paired("farm of 3, warm: req/s vs JDBC", "farm", "sessiongrid", "jdbc", "warm", "rps", 2.0, true);
		for (String nodes : List.of("1", "3")) {
			// the largest and smallest store sizes JMH ran (100,000 and 10,000 by
			// default)
			List<Map<String, String>> sizes = this.jmh.stream()
				.filter((r) -> "findByPrincipalName".equals(r.get("op")) && nodes.equals(r.get("nodes")))
				.sorted(Comparator.comparingDouble((Map<String, String> r) -> num(r.get("sessions"))))
				.toList();
			Map<String, String> large = sizes.isEmpty() ? null : sizes.get(sizes.size() - 1);
			Map<String, String> small = (sizes.size() < 2) ? null : sizes.get(0);
			String count = (large != null) ? large.get("sessions") : "100000";
			double median = (large != null) ? num(large.get("p0.50")) / 1000.0 : Double.NaN;
			goal("findByPrincipalName, " + nodes + " node(s), " + count + " sessions: median ms", median, "< 1 ms",
					median < 1.0);
			double flat = (small != null) ? num(large.get("p0.50")) / num(small.get("p0.50")) : Double.NaN;
			goal("findByPrincipalName, " + nodes + " node(s): median " + count + " / "
					+ ((small != null) ? small.get("sessions") : "10000") + " sessions", flat, "≤ 1.5× (flat)",
					flat <= 1.5);
		}
		for (Map<String, String> row : this.footprint) {
			double beyond = num(row.get("beyond"));
			String copies = "0".equals(onHeapShare(row)) ? "off-heap only (on-heap-copies-percent=0)"
					: "on-heap copies " + onHeapShare(row) + "% of the heap";
			goal("bytes per session beyond a " + row.get("payload") + " B payload, " + copies, beyond, "< 400 B",
					beyond < 400);
		}
		if (this.footprint.isEmpty()) {
			goal("bytes per session beyond the payload", Double.NaN, "< 400 B", false);
		}
		double added = startupMedian("with-node") - startupMedian("without-node");
		goal("start-up added by the embedded node, s (median of 3)", added, "< 2 s", added < 2.0);
	}

	// ---- chart ----

	private void chart(Path dir) throws IOException {
		List<String> data = new ArrayList<>();
		data.add("# store, req/s: one instance warm, one instance cold, farm warm; p99 ms: the same three");
		for (String store : SINGLE_STORES) {
			data.add(String.format(Locale.ROOT, "\"%s\" %s %s %s %s %s %s", store,
					plot(median("http1", store, "warm", "rps")), plot(median("http1", store, "cold", "rps")),
					plot(median("farm", store, "warm", "rps")), plot(median("http1", store, "warm", "p99_ms")),
					plot(median("http1", store, "cold", "p99_ms")), plot(median("farm", store, "warm", "p99_ms"))));
		}
		Files.write(dir.resolve("chart.dat"), data);
		String script = """
				set terminal pngcairo size 1100,520 font ",10"
				set output '%s'
				set datafile missing '?'
				set style data histograms
				set style histogram clustered gap 1
				set style fill solid 0.85 border -1
				set boxwidth 0.9
				set grid ytics
				set key top right
				set yrange [0:*]
				set multiplot layout 1,2 title "Sessiongrid benchmark: 32 users, 200 sessions, 80/20 read/add of a 2 KB cart (medians)"
				set title "throughput (req/s, higher is better)"
				plot '%s' using 2:xtic(1) title 'one instance, warm', '' using 3 title 'one instance, cold', '' using 4 title 'farm of 3, warm'
				set title "p99 latency (ms, lower is better)"
				plot '%s' using 5:xtic(1) title 'one instance, warm', '' using 6 title 'one instance, cold', '' using 7 title 'farm of 3, warm'
				unset multiplot
				"""
			.formatted(dir.resolve("chart.png"), dir.resolve("chart.dat"), dir.resolve("chart.dat"));
		Files.writeString(dir.resolve("chart.gp"), script);
	}

	// ---- helpers ----

	private List<Map<String, String>> rows(String section) {
		return this.http.stream().filter((r) -> section.equals(r.get("section"))).toList();
	}

	private List<Map<String, String>> rows(String section, String store, String window) {
		Predicate<Map<String, String>> match = (r) -> section.equals(r.get("section")) && store.equals(r.get("store"))
				&& window.equals(r.get("window"));
		return this.http.stream().filter(match).toList();
	}

	private double median(String section, String store, String window, String key) {
		return median(rows(section, store, window).stream()
			.filter((r) -> !failed(r))
			.mapToDouble((r) -> num(r.get(key)))
			.toArray());
	}

	/**
	 * Whether a window had more errors than the load generator allows (it failed the run
	 * then): its figures are shown but left out of the medians, since a broken store's
	 * fast errors are no throughput.
	 */
	private static boolean failed(Map<String, String> row) {
		double errors = num(row.get("errors"));
		return errors > 0 && errors / (errors + num(row.get("requests"))) > 0.001;
	}

	private double startupMedian(String variant) {
		return median(this.startup.stream()
			.filter((r) -> variant.equals(r.get("variant")))
			.mapToDouble((r) -> num(r.get("seconds")))
			.toArray());
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	/**
	 * An HTTP goal, judged two ways that must both meet it: the ratio of the two stores'
	 * medians, and the median of the ratios within each round (the same round's windows
	 * ran minutes apart at most, so a machine that slows down between rounds moves both
	 * alike). The second line shows the per-round ratio.
	 */
	private void paired(String name, String section, String store, String baseline, String window, String key,
			double target, boolean atLeast) {
		double ofMedians = div(median(section, store, window, key), median(section, baseline, window, key));
		Map<String, Double> base = new TreeMap<>();
		rows(section, baseline, window).stream()
			.filter((r) -> !failed(r))
			.forEach((r) -> base.put(r.get("round"), num(r.get(key))));
		double perRound = median(rows(section, store, window).stream()
			.filter((r) -> !failed(r) && base.containsKey(r.get("round")))
			.mapToDouble((r) -> num(r.get(key)) / base.get(r.get("round")))
			.toArray());
		String bound = (atLeast ? "≥ " : "≤ ") + target + "×";
		boolean medians = atLeast ? ofMedians >= target : ofMedians <= target;
		boolean rounds = atLeast ? perRound >= target : perRound <= target;
		goal(name, ofMedians, bound, medians && rounds);
		goal("  (the same, median of the per-round ratios)", perRound, bound, medians && rounds);
	}

	private void goal(String name, double measured, String target, boolean met) {
		String result = Double.isNaN(measured) ? "not run" : (met ? "met" : "MISSED");
		line("%-58s %14s %10s  %s", name, fmt(measured), target, result);
	}

	private static double div(double a, double b) {
		return a / b;
	}

	private static String ratio(double a, double b) {
		double r = a / b;
		return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
	}

	private static String fmt(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : (Math.abs(value) >= 1) ? "%.2f" : "%.3f",
				value);
	}

	private static String plot(double value) {
		return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%.2f", value);
	}

	private static double num(String value) {
		try {
			return (value != null) ? Double.parseDouble(value) : Double.NaN;
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private void line(String format, Object... args) {
		this.out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
	}

	/**
	 * {@code key=value} lines; the load generator's label {@code section.store.rN} is
	 * split into its parts.
	 */
	private static List<Map<String, String>> keyValues(Path file, String prefix) throws IOException {
		List<Map<String, String>> rows = new ArrayList<>();
		if (!Files.exists(file)) {
			return rows;
		}
		for (String text : Files.readAllLines(file)) {
			if (!text.startsWith(prefix) || text.isBlank()) {
				continue;
			}
			Map<String, String> row = new LinkedHashMap<>();
			for (String field : text.substring(prefix.length()).trim().split("\\s+")) {
				int eq = field.indexOf('=');
				if (eq > 0) {
					row.put(field.substring(0, eq), field.substring(eq + 1));
				}
			}
			String label = row.get("label");
			if (label != null) {
				String[] parts = label.split("\\.");
				row.put("section", parts[0]);
				row.put("store", (parts.length > 1) ? parts[1] : "");
				row.put("round", (parts.length > 2) ? parts[2] : "");
			}
			rows.add(row);
		}
		return rows;
	}

	/**
	 * One row per benchmark and parameters from JMH's CSV: the mean from the primary
	 * line, p0.50 and p0.99 from the sample-time percentile lines
	 * ({@code RepositoryBenchmark.findById:p0.50}).
	 */
	private static List<Map<String, String>> jmhRows(Path csv) throws IOException {
		Map<String, Map<String, String>> rows = new LinkedHashMap<>();
		List<String> lines = Files.readAllLines(csv);
		if (lines.isEmpty()) {
			return List.of();
		}
		List<String> header = csvFields(lines.get(0));
		int nodesColumn = header.indexOf("Param: nodes");
		int sessionsColumn = header.indexOf("Param: sessions");
		for (String text : lines.subList(1, lines.size())) {
			List<String> fields = csvFields(text);
			// "…RepositoryBenchmark.findById" or, for a percentile,
			// "…RepositoryBenchmark.findById:p0.50"
			String[] name = fields.get(0).split("[:·]", 2);
			String op = name[0].substring(name[0].lastIndexOf('.') + 1);
			String stat = (name.length > 1) ? name[1] : "mean";
			String nodes = (nodesColumn >= 0) ? fields.get(nodesColumn) : "?";
			String sessions = (sessionsColumn >= 0) ? fields.get(sessionsColumn) : "?";
			Map<String, String> row = rows.computeIfAbsent(op + "/" + nodes + "/" + sessions, (k) -> {
				Map<String, String> r = new LinkedHashMap<>();
				r.put("op", op);
				r.put("nodes", nodes);
				r.put("sessions", sessions);
				return r;
			});
			row.put(stat, fields.get(4));
		}
		return new ArrayList<>(rows.values());
	}

	private static List<String> csvFields(String line) {
		List<String> fields = new ArrayList<>();
		for (String field : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)) {
			fields.add(field.replace("\"", "").trim());
		}
		return fields;
	}

}
