package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user sees when the application fails to start because of Sessiongrid: the report
 * Spring Boot prints, from our failure analyzers or Boot's own, for real failures of a
 * whole application.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	/**
	 * The top three ports of the test range, which the other tests' single nodes do not
	 * reach.
	 */
	private static final int FIRST_BLOCKED = TestPorts.RANGE - 3;

	@Test
	void failureAnalyzersAreRegistered() {
		// Boot's own analyzers need constructor arguments this plain loader does not
		// give: skip those
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, failure) -> {
			}));
		assertThat(analyzers).hasAtLeastOneElementOfType(MissingJvmOptionsFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(NodeBindFailureAnalyzer.class);
	}

	@Test
	void discoveryPortsInUseAreReportedWithThePropertiesToChange(CapturedOutput output) throws IOException {
		int first = TestPorts.AUTOCONFIGURE.discoveryPort() + FIRST_BLOCKED;
		try (Ports blocked = Ports.occupy(first, 3)) {
			assertThatException()
				.isThrownBy(() -> ReportingApplication.run("--sessiongrid.node.discovery-port=" + first,
						"--sessiongrid.node.port-range=3",
						"--sessiongrid.discovery.addresses=127.0.0.1:" + first + ".." + (first + 2)));
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("could not listen for discovery: every port from " + first + " to " + (first + 2)
					+ " on 127.0.0.1 is already in use")
			.contains("set sessiongrid.node.discovery-port")
			.contains("sessiongrid.node.port-range");
	}

	@Test
	void communicationPortsInUseAreReportedWithThePropertiesToChange(CapturedOutput output) throws IOException {
		int first = TestPorts.AUTOCONFIGURE.communicationPort() + FIRST_BLOCKED;
		try (Ports blocked = Ports.occupy(first, 3)) {
			assertThatException().isThrownBy(() -> ReportingApplication
				.run("--sessiongrid.node.communication-port=" + first, "--sessiongrid.node.port-range=3"));
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("could not listen for communication: every port from " + first + " to " + (first + 2)
					+ " on 127.0.0.1 is already in use")
			.contains("set sessiongrid.node.communication-port");
	}

	@Test
	void aLocalAddressOfAnotherMachineIsReportedWithThePropertyToChange(CapturedOutput output) {
		// 192.0.2.1 is reserved for documentation (RFC 5737): never an address of this
		// machine
		assertThatException().isThrownBy(() -> ReportingApplication.run("--sessiongrid.node.local-address=192.0.2.1"));
		assertThat(output).contains("could not listen on 192.0.2.1: it is not an address of this machine")
			.contains("Set sessiongrid.node.local-address");
	}

	@Test
	void anInvalidPropertyIsReportedWithItsValueOriginAndTheAllowedValues(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> ReportingApplication.run("--sessiongrid.discovery.addresses=127.0.0.1:47500..x"));
		assertThat(output)
			.contains("Invalid value '127.0.0.1:47500..x' for configuration property "
					+ "'sessiongrid.discovery.addresses[0]'")
			.contains("host:port..port");
	}

	@Test
	void anUnknownModeIsReportedWithTheValidValues(CapturedOutput output) {
		assertThatException().isThrownBy(() -> ReportingApplication.run("--sessiongrid.flush-mode=sometimes"));
		assertThat(output).contains("sessiongrid.flush-mode")
			.contains("The following values are valid:")
			.contains("IMMEDIATE")
			.contains("ON_SAVE");
	}

	/** Server sockets holding loopback ports, as another process would. */
	private static final class Ports implements AutoCloseable {

		private final List<ServerSocket> sockets = new ArrayList<>();

		static Ports occupy(int first, int count) throws IOException {
			Ports ports = new Ports();
			for (int port = first; port < first + count; port++) {
				ports.sockets.add(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
			}
			return ports;
		}

		@Override
		public void close() throws IOException {
			for (ServerSocket socket : this.sockets) {
				socket.close();
			}
		}

	}

}
