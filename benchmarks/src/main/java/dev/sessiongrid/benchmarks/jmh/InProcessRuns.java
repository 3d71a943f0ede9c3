package dev.sessiongrid.benchmarks.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs one or more JMH command lines, separated by {@code --}, one after another in this
 * JVM ({@code -f 0} is added to each), keeping {@link RepositoryBenchmark}'s filled store
 * from one benchmark to the next while its parameters stay the same; closes it and exits
 * at the end. run.sh starts one such JVM per node count: the store is filled once for the
 * five operations instead of once per operation.
 * <p>
 * The price of not forking: the benchmarks share one JIT profile, so an operation
 * measured after the others may run code compiled for their mix. run.sh measures the
 * flatness of {@code findByPrincipalName} (10,000 against 100,000 sessions) in the same
 * JVM after the same benchmarks, so both sizes pay it alike.
 */
public final class InProcessRuns {

	private InProcessRuns() {
	}

	public static void main(String[] args) {
		int status = 0;
		PopulatedStore.keepBetweenTrials();
		try {
			for (List<String> commandLine : split(args)) {
				commandLine.addAll(List.of("-f", "0"));
				if (new Runner(new CommandLineOptions(commandLine.toArray(String[]::new))).run().isEmpty()) {
					throw new IllegalStateException("JMH ran no benchmark for " + commandLine);
				}
			}
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		finally {
			PopulatedStore.closeKept();
		}
		// the JMH runner returns without exiting, and Ignite's threads are not daemons
		System.exit(status);
	}

	private static List<List<String>> split(String[] args) {
		List<List<String>> commandLines = new ArrayList<>();
		List<String> current = new ArrayList<>();
		for (String arg : Arrays.asList(args)) {
			if (arg.equals("--")) {
				commandLines.add(current);
				current = new ArrayList<>();
			}
			else {
				current.add(arg);
			}
		}
		commandLines.add(current);
		return commandLines;
	}

}
