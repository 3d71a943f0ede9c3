package dev.sessiongrid.ignite.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.ignite.Ignite;
import org.apache.ignite.ShutdownPolicy;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.ListeningSockets;
import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded node's defaults: what it listens on, where it writes, what it prints, how
 * it fails.
 */
class SessiongridNodeFactoryTests {

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void nodeListensOnlyOnItsTwoLoopbackPorts() throws IOException {
		Set<String> before = ListeningSockets.ofThisProcess();
		Ignite node = this.cluster.start();
		Set<String> opened = new HashSet<>(ListeningSockets.ofThisProcess());
		opened.removeAll(before);

		int discovery = ((TcpDiscoverySpi) node.configuration().getDiscoverySpi()).getLocalPort();
		// Exactly two listeners, both on loopback: discovery, and communication somewhere
		// in its port range.
		assertThat(opened).hasSize(2)
			.allMatch((socket) -> socket.startsWith("127.0.0.1:"))
			.contains("127.0.0.1:" + discovery);
		assertThat(opened).anyMatch((socket) -> {
			int port = Integer.parseInt(socket.substring(socket.indexOf(':') + 1));
			return port >= TestPorts.BACKEND.communicationPort()
					&& port < TestPorts.BACKEND.communicationPort() + TestPorts.RANGE;
		});
	}

	@Test
	void thinClientJdbcAndRestConnectorsAreOff() {
		IgniteConfiguration config = SessiongridNodeFactory.configuration(TestPorts.BACKEND.settings());

		assertThat(config.getClientConnectorConfiguration()).isNull();
		assertThat(config.getConnectorConfiguration()).isNull();
	}

	@Test
	void failureHandlerStopsTheNodeButNeverHaltsTheJvm() {
		IgniteConfiguration config = SessiongridNodeFactory.configuration(TestPorts.BACKEND.settings());

		assertThat(config.getFailureHandler()).isExactlyInstanceOf(StopNodeFailureHandler.class);
		assertThat(config.getShutdownPolicy()).isEqualTo(ShutdownPolicy.IMMEDIATE);
	}

	@Test
	void updateNotifierIsOff() {
		SessiongridNodeFactory.configuration(TestPorts.BACKEND.settings());

		assertThat(System.getProperty("IGNITE_UPDATE_NOTIFIER")).isEqualTo("false");
	}

	@Test
	void offHeapPageLocksAreNotRecordedForDiagnostics() {
		SessiongridNodeFactory.configuration(TestPorts.BACKEND.settings());

		assertThat(System.getProperty("IGNITE_PAGE_LOCK_TRACKER_TYPE")).isEqualTo("-1");
	}

	@Test
	void dataRegionIsCappedAtMaxMemory() {
		var settings = TestPorts.BACKEND.settings();
		settings.setMaxMemory(100L * 1024 * 1024);
		IgniteConfiguration config = SessiongridNodeFactory.configuration(settings);

		assertThat(config.getDataStorageConfiguration().getDefaultDataRegionConfiguration().getMaxSize())
			.isEqualTo(100L * 1024 * 1024);
		assertThat(SessiongridNodeSettings.DEFAULT_MAX_MEMORY).isEqualTo(256L * 1024 * 1024);
	}

	@Test
	void workDirectoryIsUnderTheSystemTempDirectory() {
		IgniteConfiguration config = SessiongridNodeFactory.configuration(TestPorts.BACKEND.settings());

		assertThat(Path.of(config.getWorkDirectory())).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
	}

	@Test
	void nodesWithoutNamesGetUniqueNamesAndFormOneCluster() {
		List<Ignite> nodes = this.cluster.start(2);

		assertThat(nodes.get(0).name()).isNotEqualTo(nodes.get(1).name()).startsWith("sessiongrid-");
		assertThat(nodes.get(0).cluster().nodes()).hasSize(2);
	}

	@Test
	void ignitePrintsNothingToStandardOutput() {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			this.cluster.start();
		}
		finally {
			System.setOut(original);
		}
		// Ignite's quiet mode prints lines such as "[21:35:28] Ignite node started OK"
		// straight to stdout.
		assertThat(captured.toString(StandardCharsets.UTF_8).lines())
			.noneMatch((line) -> line.matches("^\\[\\d\\d:\\d\\d:\\d\\d].*"))
			.noneMatch((line) -> line.contains("Ignite ver."));
	}

	@Test
	void igniteLogsThroughSlf4j() {
		IgniteConfiguration config = SessiongridNodeFactory.configuration(TestPorts.BACKEND.settings());

		assertThat(config.getGridLogger()).isInstanceOf(Slf4jIgniteLogger.class);
		assertThat(config.getGridLogger().isQuiet()).isFalse();
	}

	@Test
	void twoNodesFindEachOtherThroughDns() {
		var cluster = new TestCluster((settings) -> settings.setDnsName("localhost"));
		try {
			List<Ignite> nodes = cluster.start(2);
			assertThat(nodes.get(1).cluster().nodes()).hasSize(2);
			assertThat(SessiongridNodeFactory.ipFinder(TestPorts.BACKEND.settings()))
				.isNotInstanceOf(DnsDiscoveryIpFinder.class);
		}
		finally {
			cluster.close();
		}
	}

}
