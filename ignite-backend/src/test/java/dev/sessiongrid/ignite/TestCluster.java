package dev.sessiongrid.ignite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.awaitility.Awaitility;

import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Real Ignite server nodes in this JVM, on the ports of {@link TestPorts#BACKEND}, so a
 * test cluster never joins a sample application running on the default ports, nor another
 * build's tests.
 */
public final class TestCluster implements AutoCloseable {

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

	public Ignite start() {
		SessiongridNodeSettings settings = TestPorts.BACKEND.settings();
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

	/**
	 * Stops a node the way a leaving node does, without waiting for its data to be copied
	 * elsewhere.
	 */
	public void stop(Ignite node) {
		this.nodes.remove(node);
		node.close();
	}

	/**
	 * Makes a node fail the way a killed process does, as far as one JVM allows: its
	 * discovery and communication stop answering at once, the others detect it as failed;
	 * then it is stopped.
	 */
	public void fail(Ignite node) {
		this.nodes.remove(node);
		UUID id = node.cluster().localNode().id();
		// Discovery first: stopping communication makes Ignite's failure handler stop the
		// node on a thread of its own, and a discovery still running would then announce
		// an orderly leave instead of a failure.
		((TcpDiscoverySpi) node.configuration().getDiscoverySpi()).simulateNodeFailure();
		((TcpCommunicationSpi) node.configuration().getCommunicationSpi()).simulateNodeFailure();
		// Only once the others have declared it failed: stopping it earlier could still
		// announce an orderly leave.
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.nodes.stream().allMatch((other) -> other.cluster().node(id) == null));
		Ignition.stop(node.name(), true);
	}

	/**
	 * Registers something that uses the nodes (a repository, a monitor) to be closed
	 * before them.
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

	/**
	 * The discovery port a running node bound.
	 * @param node the node
	 * @return the port
	 */
	public static int discoveryPort(Ignite node) {
		return ((TcpDiscoverySpi) node.configuration().getDiscoverySpi()).getLocalPort();
	}

	/**
	 * The communication port a running node bound, as it advertises it to the others.
	 * @param node the node
	 * @return the port
	 */
	public static int communicationPort(Ignite node) {
		return node.cluster()
			.localNode()
			.attributes()
			.entrySet()
			.stream()
			.filter((attribute) -> attribute.getKey().endsWith("comm.tcp.port"))
			.map((attribute) -> (Integer) attribute.getValue())
			.findFirst()
			.orElseThrow();
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
