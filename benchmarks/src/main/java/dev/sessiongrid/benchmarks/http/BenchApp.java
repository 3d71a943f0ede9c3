package dev.sessiongrid.benchmarks.http;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The servlet app every HTTP benchmark runs, one session store per process, chosen by the
 * Spring profile of the same name ({@code map}, {@code redis}, {@code redis-indexed},
 * {@code jdbc}, {@code sessiongrid}; see {@code application-<store>.properties}). The app
 * is the same for every store, so that the stores are all that differs between two
 * figures.
 */
@SpringBootApplication
public class BenchApp {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BenchApp.class);
		application.setAdditionalProfiles(
				System.getProperty("bench.store", System.getenv().getOrDefault("BENCH_STORE", "map")));
		application.run(args);
	}

}
