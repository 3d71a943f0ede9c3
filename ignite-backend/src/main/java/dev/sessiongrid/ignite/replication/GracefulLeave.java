package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a node out of the cluster without losing the sessions it holds, for rolling
 * restarts.
 * <p>
 * Ignite's own {@code ShutdownPolicy.GRACEFUL} waits without a bound (the last node of a
 * cluster never stops). Here the node waits, at most {@code timeout}, until no partition
 * of the given caches has its only live copy on this node. When such partitions remain
 * because an earlier departure's backups are not rebuilt yet (the rebuild delay has not
 * passed), the node drops the departed nodes from the baseline topology so the backups
 * are rebuilt now, then waits for that. When nothing can give them copies (a cache
 * without backups: Ignite does not let an online node leave the baseline of an in-memory
 * cluster), it leaves at once and logs how many partitions are lost, rather than waiting
 * in vain. The last node leaves at once too: there is nowhere to copy to.
 */
public final class GracefulLeave {

	private static final Logger logger = LoggerFactory.getLogger(GracefulLeave.class);

	private static final long POLL_MILLIS = 100;

	/**
	 * Polls with nothing moving after which remaining sole copies are taken as beyond
	 * help (one second).
	 */
	private static final int HOPELESS_POLLS = 10;

	/** How the timeout is named in the log when the caller gives no better name. */
	private static final String DEFAULT_TIMEOUT_NAME = "the graceful leave timeout";

	private GracefulLeave() {
	}

	/**
	 * Waits until the node can leave without losing data, or the timeout passes, then
	 * stops it.
	 * @param ignite the local node
	 * @param cacheNames the caches whose data must survive
	 * @param timeout the longest wait
	 * @return what the wait found
	 */
	public static Result leave(Ignite ignite, Collection<String> cacheNames, Duration timeout) {
		return leave(ignite, cacheNames, timeout, DEFAULT_TIMEOUT_NAME);
	}

	/**
	 * Waits until the node can leave without losing data, or the timeout passes, then
	 * stops it.
	 * @param ignite the local node
	 * @param cacheNames the caches whose data must survive
	 * @param timeout the longest wait
	 * @param timeoutName how the log names the timeout when it passes, e.g. the setting
	 * that configures it
	 * @return what the wait found
	 */
	public static Result leave(Ignite ignite, Collection<String> cacheNames, Duration timeout, String timeoutName) {
		try {
			return awaitCopiesElsewhere(ignite, cacheNames, timeout, timeoutName);
		}
		finally {
			ignite.close();
		}
	}

	/**
	 * Waits until no partition of the caches has its only live copy on this node, or the
	 * timeout passes, without stopping the node.
	 * @param ignite the local node
	 * @param cacheNames the caches whose data must survive
	 * @param timeout the longest wait
	 * @param timeoutName how the log names the timeout when it passes
	 * @return what the wait found
	 */
	public static Result awaitCopiesElsewhere(Ignite ignite, Collection<String> cacheNames, Duration timeout,
			String timeoutName) {
		List<PartitionTopology> topologies = cacheNames.stream()
			.map((cacheName) -> new PartitionTopology(ignite, cacheName))
			.toList();
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		UUID self = ignite.cluster().localNode().id();
		if (ignite.cluster().forServers().forRemotes().nodes().isEmpty()) {
			long sessions = localEntries(ignite, cacheNames);
			if (sessions > 0) {
				logger.warn("Last node of the cluster is leaving: its {} entries ({}) have nowhere to go and are "
						+ "dropped", sessions, cacheNames);
			}
			return new Result(0, Duration.ZERO, false, true);
		}
		boolean adjustedBaseline = false;
		int idlePolls = 0;
		int sole = soleCopies(topologies, self);
		while (sole > 0 && System.nanoTime() < deadline) {
			if (rebalancing(topologies)) {
				idlePolls = 0;
			}
			else if (dropOfflineBaselineNodes(ignite)) {
				adjustedBaseline = true;
				idlePolls = 0;
			}
			else if (++idlePolls >= HOPELESS_POLLS) {
				// Nothing moving and nothing left to adjust: these partitions can get no
				// copy elsewhere.
				break;
			}
			sleep();
			sole = soleCopies(topologies, self);
		}
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		if (sole > 0) {
			logger.warn("Leaving after {} ms with {} partitions whose only copy is here, {}: their sessions are lost",
					waited.toMillis(), sole,
					(System.nanoTime() < deadline) ? "which no other node can take (no backups)"
							: "not copied within " + timeoutName + " (" + timeout.toMillis() + " ms)");
		}
		else {
			logger.info("Every partition of this node has a copy elsewhere; leaving after {} ms", waited.toMillis());
		}
		return new Result(sole, waited, adjustedBaseline, false);
	}

	private static int soleCopies(List<PartitionTopology> topologies, UUID self) {
		int sole = 0;
		for (PartitionTopology topology : topologies) {
			sole += topology.soleCopiesOn(self);
		}
		return sole;
	}

	private static boolean rebalancing(List<PartitionTopology> topologies) {
		for (PartitionTopology topology : topologies) {
			if (topology.movingCopies() > 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Drops departed nodes from the baseline topology, so that the backups they held are
	 * rebuilt on the nodes that are here now instead of after the rebuild delay.
	 * Auto-adjust is paused for the change, as Ignite refuses a manual change while it is
	 * on, and resumed at once: it acts on the next join or departure only.
	 * @return whether the baseline had departed nodes and was changed
	 */
	private static boolean dropOfflineBaselineNodes(Ignite ignite) {
		Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
		Set<Object> online = ignite.cluster()
			.forServers()
			.nodes()
			.stream()
			.map(ClusterNode::consistentId)
			.collect(Collectors.toSet());
		if (baseline == null || baseline.stream().allMatch((node) -> online.contains(node.consistentId()))) {
			return false;
		}
		adjustBaselineNow(ignite);
		logger.info("Dropped {} departed node(s) from the baseline so that their backups are rebuilt before this "
				+ "node leaves", baseline.size() - online.size());
		return true;
	}

	/**
	 * Sets the baseline to the server nodes here now, as auto-adjust would after its
	 * delay.
	 */
	static void adjustBaselineNow(Ignite ignite) {
		boolean autoAdjust = ignite.cluster().isBaselineAutoAdjustEnabled();
		try {
			if (autoAdjust) {
				ignite.cluster().baselineAutoAdjustEnabled(false);
			}
			ignite.cluster().setBaselineTopology(ignite.cluster().topologyVersion());
		}
		finally {
			if (autoAdjust) {
				ignite.cluster().baselineAutoAdjustEnabled(true);
			}
		}
	}

	private static long localEntries(Ignite ignite, Collection<String> cacheNames) {
		long count = 0;
		for (String cacheName : cacheNames) {
			if (ignite.cacheNames().contains(cacheName)) {
				count += ignite.cache(cacheName).localSize(CachePeekMode.PRIMARY);
			}
		}
		return count;
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for sessions to be copied", ex);
		}
	}

	/**
	 * What a graceful leave found.
	 *
	 * @param partitionsLost partitions whose only copy left with the node
	 * @param waited how long the node waited
	 * @param adjustedBaseline whether the node dropped departed nodes from the baseline
	 * to have backups rebuilt
	 * @param lastNode whether it was the last node of the cluster
	 */
	public record Result(int partitionsLost, Duration waited, boolean adjustedBaseline, boolean lastNode) {
	}

}
