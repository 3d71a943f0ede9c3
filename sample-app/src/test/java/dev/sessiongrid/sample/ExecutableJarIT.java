package dev.sessiongrid.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.ListeningSockets;
import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged executable jar, started as a user starts it: {@code java -jar}, with no
 * JVM flags. It works only if the jar's manifest carries the {@code Add-Opens} entries
 * Ignite needs.
 */
class ExecutableJarIT {

	private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+) \\(http\\)");

	@Test
	void startsWithoutJvmFlagsAndServesTheCart() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sessiongrid-sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).exists();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
						jar.toString(), "--server.port=0"));
		Stream.of(TestPorts.SAMPLE.properties("management.server.port=0"))
			.map((property) -> "--" + property)
			.forEach(command::add);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// nothing may hand the flags over behind the manifest's back
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("JDK_JAVA_OPTIONS");
		Process process = builder.start();
		CompletableFuture<Integer> started = watch(process);
		try {
			int httpPort = started.get(120, TimeUnit.SECONDS);
			assertThat(httpPort).as("the application started (its output is in this test's output)").isPositive();
			HttpResponse<String> cart = new Browser().post(httpPort, "/api/cart/items", "product", "apple");
			assertThat(cart.statusCode()).isEqualTo(200);
			assertThat(cart.body()).contains("\"product\":\"apple\"");
			// HTTP, Actuator, discovery, communication: nothing else (no JMX, thin
			// client,
			// REST), and only on loopback
			assertThat(ListeningSockets.ofProcess(process.pid())).hasSize(4)
				.allMatch((socket) -> socket.startsWith("127.0.0.1:"))
				.contains("127.0.0.1:" + httpPort);
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	/**
	 * Reads the application's output to its end on a thread of its own, echoing it;
	 * completes with the HTTP port once the application has started, or with -1 if its
	 * output ends first.
	 */
	private static CompletableFuture<Integer> watch(Process process) {
		CompletableFuture<Integer> started = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			int port = -1;
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					System.out.println(line);
					Matcher matcher = HTTP_PORT.matcher(line);
					if (port < 0 && matcher.find()) {
						port = Integer.parseInt(matcher.group(1));
					}
					if (line.contains("Started SampleApplication")) {
						started.complete(port);
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
			started.complete(-1);
		}, "sample-output");
		reader.setDaemon(true);
		reader.start();
		return started;
	}

}
