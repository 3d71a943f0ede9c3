package dev.sessiongrid.ignite.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node's start, join and cache code once in a throwaway two-node cluster of this
 * JVM alone, before the real node joins the real one.
 * <p>
 * Why: while a server node joins, every node of the cluster stops acknowledging writes
 * until the joiner has taken part in the partition exchange. A JVM that has just started
 * runs that code for the first time: it loads thousands of Ignite classes and interprets
 * cold code, on cores that also start the rest of the application, so the whole farm
 * waits for it. Running the same code once beforehand, where nobody waits, moves that
 * cost out of the exchange. The second throwaway node joins the first, so the joiner's
 * side of the exchange (its single message, the full message it receives, the rebalancing
 * it starts) is exercised too, not only a lone node's start.
 * <p>
 * Isolation: both nodes bind to loopback on ports the operating system picks, each finds
 * only the other, and they get their own instance names and a small data region; nothing
 * of the real cluster can see them. A warm-up that fails is logged and skipped: it only
 * makes the join cheaper, it is never needed.
 */
public final class NodeWarmUp {

	private static final Logger logger = LoggerFactory.getLogger(NodeWarmUp.class);

	private static final String LOOPBACK = "127.0.0.1";

	private static final long WARM_UP_MEMORY = 32L * 1024 * 1024;

	private static final int ENTRIES = 200;

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(200);

	private static final Duration PROBE_BUDGET = Duration.ofSeconds(1);

	private NodeWarmUp() {
	}

	/**
	 * Runs the warm-up only when the node is about to join a cluster that already has
	 * members: a first or lone node (a developer's single instance, the first pod of a
	 * deployment) makes nobody wait, so it starts at once. With static addresses that is
	 * told by trying each address (refused at once on a machine where nothing listens);
	 * with DNS names or multicast it is not known beforehand, and the warm-up runs.
	 * @param settings the real node's settings
	 * @param caches the caches the real node declares
	 * @return whether the warm-up ran
	 */
	public static boolean runIfJoining(SessiongridNodeSettings settings, List<CacheConfiguration<?, ?>> caches) {
		if (!anyMemberMayListen(settings)) {
			logger.debug("No cluster member answers at the discovery addresses: the node starts without a warm-up");
			return false;
		}
		return run(settings, caches);
	}

	static boolean anyMemberMayListen(SessiongridNodeSettings settings) {
		String group = settings.getMulticastGroup();
		String dnsName = settings.getDnsName();
		if ((group != null && !group.isBlank()) || (dnsName != null && !dnsName.isBlank())) {
			return true;
		}
		long deadline = System.nanoTime() + PROBE_BUDGET.toNanos();
		for (InetSocketAddress address : SessiongridNodeFactory.ipFinder(settings).getRegisteredAddresses()) {
			if (System.nanoTime() > deadline) {
				// Slow answers (remote hosts that drop packets): assume members may be
				// there.
				return true;
			}
			try (Socket socket = new Socket()) {
				socket.connect(address, (int) PROBE_TIMEOUT.toMillis());
				return true;
			}
			catch (IOException ex) {
				// nothing listens there
			}
		}
		return false;
	}

	/**
	 * Starts two isolated nodes configured like the real one, with the given caches,
	 * writes and reads some entries, and stops them.
	 * @param settings the real node's settings; the warm-up copies what shapes the code
	 * that runs (timeouts, SSL) and replaces what could reach the real cluster
	 * (addresses, ports, names)
	 * @param caches the caches the real node declares
	 * @return whether the warm-up ran; {@code false} when it failed (logged), and the
	 * node then joins cold
	 */
	public static boolean run(SessiongridNodeSettings settings, List<CacheConfiguration<?, ?>> caches) {
		long start = System.nanoTime();
		try {
			runInCluster(settings, caches, 2, (joiner) -> exercise(joiner, caches));
		}
		catch (RuntimeException ex) {
			logger.warn("Warm-up of the Ignite node failed, the node joins cold: {}", ex.toString());
			return false;
		}
		logger.info("Warmed up the Ignite node in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
		return true;
	}

	/**
	 * Starts a throwaway cluster of the given number of nodes in this JVM, each
	 * configured like the real one but isolated as described above (loopback, ports the
	 * operating system picks, finding only each other), with the given caches, runs the
	 * work on the node that joined last and stops them all. With more than one node the
	 * work's cache operations take the remote paths a farm takes (updates sent to another
	 * primary, copies to backups, reads of another node's entries).
	 * @param settings the real node's settings
	 * @param caches the caches the throwaway nodes declare
	 * @param nodes how many nodes, at least one
	 * @param work what to run on the last node
	 * @throws RuntimeException what starting a node or the work threw
	 */
	public static void runInCluster(SessiongridNodeSettings settings, List<CacheConfiguration<?, ?>> caches, int nodes,
			Consumer<Ignite> work) {
		if (nodes < 1) {
			throw new IllegalArgumentException("A throwaway cluster needs one node at least, not " + nodes);
		}
		String name = "sessiongrid-warm-up-" + UUID.randomUUID().toString().substring(0, 8);
		int firstPort = freePort();
		List<Ignite> started = new ArrayList<>();
		RuntimeException failure = null;
		try {
			for (int i = 1; i <= nodes; i++) {
				int port = (i == 1) ? firstPort : freePort();
				started.add(start(isolated(settings, name + "-" + i, port, firstPort), caches));
			}
			work.accept(started.get(started.size() - 1));
		}
		catch (RuntimeException ex) {
			failure = ex;
			throw ex;
		}
		finally {
			try {
				stop(started, caches);
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					throw ex;
				}
				// what went wrong first is the news; the failed stop rides along
				failure.addSuppressed(ex);
			}
		}
	}

	/**
	 * Stops the throwaway nodes, all of them even when one fails to stop (a node left
	 * running would keep its loopback ports open), and throws the first failure.
	 */
	private static void stop(List<Ignite> started, List<CacheConfiguration<?, ?>> caches) {
		RuntimeException failure = null;
		if (started.size() > 2) {
			// Stopped one after the other, three nodes would leave partitions with no
			// copy and log them as lost: the caches go first, also after failed work.
			try {
				started.get(0).destroyCaches(caches.stream().map(CacheConfiguration::getName).toList());
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		// the joiners first, so that the first node never sees them fail
		for (int i = started.size() - 1; i >= 0; i--) {
			try {
				started.get(i).close();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static Ignite start(SessiongridNodeSettings settings, List<CacheConfiguration<?, ?>> caches) {
		IgniteConfiguration config = SessiongridNodeFactory.configuration(settings);
		config.setCacheConfiguration(caches.stream().map(CacheConfiguration::new).toArray(CacheConfiguration[]::new));
		return SessiongridNodeFactory.start(config, settings);
	}

	private static SessiongridNodeSettings isolated(SessiongridNodeSettings settings, String instanceName,
			int discoveryPort, int firstDiscoveryPort) {
		SessiongridNodeSettings isolated = new SessiongridNodeSettings();
		isolated.setInstanceName(instanceName);
		isolated.setLocalAddress(LOOPBACK);
		isolated.setDiscoveryPort(discoveryPort);
		isolated.setCommunicationPort(freePort());
		// No range: a busy port must fail the warm-up, not move it onto a port another
		// cluster may scan.
		isolated.setPortRange(0);
		isolated.setDiscoveryAddresses(List.of(LOOPBACK + ":" + firstDiscoveryPort));
		isolated.setMaxMemory(Math.min(WARM_UP_MEMORY, settings.getMaxMemory()));
		isolated.setFailureDetectionTimeout(settings.getFailureDetectionTimeout());
		isolated.setBackupRebuildDelay(Duration.ZERO);
		isolated.setWorkDirectory(settings.getWorkDirectory());
		isolated.setSslContextFactory(settings.getSslContextFactory());
		return isolated;
	}

	/**
	 * Writes, reads and removes entries from the node that joined, so its remote paths
	 * are used too.
	 */
	private static void exercise(Ignite ignite, List<CacheConfiguration<?, ?>> caches) {
		for (CacheConfiguration<?, ?> config : caches) {
			IgniteCache<Object, Object> cache = ignite.cache(config.getName());
			if (cache == null) {
				continue;
			}
			for (int i = 0; i < ENTRIES; i++) {
				String key = "warm-up-" + i;
				cache.put(key, key);
				cache.get(key);
				cache.remove(key);
			}
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
