package dev.sessiongrid.ignite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;

import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;

/**
 * Real Ignite server nodes in this JVM, on loopback ports of their own (48500+ for discovery, 48100+ for
 * communication) so a test cluster never joins a sample application running on the default ports. The system
 * property {@code sessiongrid.test.port-offset} shifts both, so two builds can run side by side.
 */
public final class TestCluster implements AutoCloseable {

	public static final int PORT_OFFSET = Integer.getInteger("sessiongrid.test.port-offset", 0);

	public static final int DISCOVERY_PORT = 48500 + PORT_OFFSET;

	public static final int COMMUNICATION_PORT = 48100 + PORT_OFFSET;

	public static final int PORT_RANGE = 20;

	private final List<Ignite> nodes = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Consumer<SessiongridNodeSettings> customizer;

	public TestCluster() {
		this((settings) -> {
		});
	}

	public TestCluster(Consumer<SessiongridNodeSettings> customizer) {
		this.customizer = customizer;
	}

	public static SessiongridNodeSettings settings() {
		SessiongridNodeSettings settings = new SessiongridNodeSettings();
		settings.setDiscoveryPort(DISCOVERY_PORT);
		settings.setCommunicationPort(COMMUNICATION_PORT);
		settings.setPortRange(PORT_RANGE);
		settings.setDiscoveryAddresses(
				List.of("127.0.0.1:" + DISCOVERY_PORT + ".." + (DISCOVERY_PORT + PORT_RANGE - 1)));
		settings.setMaxMemory(64L * 1024 * 1024);
		settings.setFailureDetectionTimeout(Duration.ofSeconds(3));
		return settings;
	}

	public Ignite start() {
		SessiongridNodeSettings settings = settings();
		this.customizer.accept(settings);
		Ignite node = SessiongridNodeFactory.start(settings);
		this.nodes.add(node);
		return node;
	}

	public List<Ignite> start(int count) {
		List<Ignite> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			started.add(start());
		}
		return started;
	}

	public List<Ignite> nodes() {
		return this.nodes;
	}

	/** Stops a node the way a leaving node does, without waiting for its data to be copied elsewhere. */
	public void stop(Ignite node) {
		this.nodes.remove(node);
		node.close();
	}

	/**
	 * Makes a node fail the way a killed process does, as far as one JVM allows: its discovery and communication
	 * stop answering at once, the others detect it as failed; then it is stopped.
	 */
	public void fail(Ignite node) {
		this.nodes.remove(node);
		java.util.UUID id = node.cluster().localNode().id();
		((TcpCommunicationSpi) node.configuration().getCommunicationSpi()).simulateNodeFailure();
		((TcpDiscoverySpi) node.configuration().getDiscoverySpi()).simulateNodeFailure();
		// Only once the others have declared it failed: stopping it earlier could still announce an orderly leave.
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.until(() -> this.nodes.stream().allMatch((other) -> other.cluster().node(id) == null));
		Ignition.stop(node.name(), true);
	}

	/**
	 * Registers something that uses the nodes (a repository, a monitor) to be closed before them.
	 * @return the resource
	 */
	public <T extends AutoCloseable> T closeWithCluster(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/** A started repository over the named cache on the node, closed with the cluster. */
	public IgniteSessionRepository repository(Ignite node, String cacheName, int backups) {
		IgniteSessionRepository repository = closeWithCluster(new IgniteSessionRepository(node, cacheName, backups));
		repository.start();
		return repository;
	}

	/** A replication monitor of the named cache on the node, closed with the cluster. */
	public ReplicationMonitor monitor(Ignite node, String cacheName, int backups) {
		return closeWithCluster(new ReplicationMonitor(node, cacheName, backups));
	}

	@Override
	public void close() {
		for (AutoCloseable resource : this.resources) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				// its node is gone already
			}
		}
		this.resources.clear();
		for (Ignite node : new ArrayList<>(this.nodes)) {
			node.close();
		}
		this.nodes.clear();
	}

}
