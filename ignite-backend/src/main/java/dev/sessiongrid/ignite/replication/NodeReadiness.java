package dev.sessiongrid.ignite.replication;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sessiongrid.ignite.node.NodeAvailabilityListener;
import dev.sessiongrid.ignite.node.SessiongridNode;

/**
 * Tells a {@link NodeAvailabilityListener} when the instance may take requests: refusing
 * from {@link #start} until the node is in the cluster and
 * {@linkplain ReplicationMonitor#holdsItsShare() holds its share} (its partitions are
 * filled, so its requests are not served from other nodes at the exchange's pace), and
 * again from {@link #leaving}. Only the join is waited for: a rebalance later on, after
 * another node left or joined, does not take a serving instance out of rotation.
 * <p>
 * When it {@linkplain #follow follows} a node that heals, a lost node refuses traffic at
 * once, its replacement is waited for as a join, and a replacement that never comes says
 * the instance is broken.
 */
public class NodeReadiness implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(NodeReadiness.class);

	private static final long POLL_MILLIS = 200;

	private final ReplicationMonitor monitor;

	private final NodeAvailabilityListener listener;

	private final ScheduledExecutorService scheduler;

	private final Object lock = new Object();

	private @Nullable ScheduledFuture<?> poll;

	private boolean left;

	private long joiningSince;

	private @Nullable SessiongridNode followed;

	private final SessiongridNode.Listener replacements = new SessiongridNode.Listener() {

		@Override
		public void onNodeLost(Ignite lost) {
			refuse("the node stopped and a fresh one is being started in its place");
		}

		@Override
		public void onNodeReplaced(Ignite fresh) {
			// Heard after the monitor has moved to the fresh node: it listened first.
			start();
		}

		@Override
		public void onBroken(String reason) {
			NodeReadiness.this.listener.broken(reason);
		}

	};

	/**
	 * Creates the readiness of a node; nothing is said until {@link #start}.
	 * @param monitor the monitor of the sessions cache
	 * @param listener hears the readiness
	 */
	public NodeReadiness(ReplicationMonitor monitor, NodeAvailabilityListener listener) {
		this.monitor = monitor;
		this.listener = listener;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sessiongrid-readiness-" + monitor.getCacheName());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Refuses traffic, then watches the node until it holds its share; called again when
	 * the node was replaced.
	 */
	public void start() {
		synchronized (this.lock) {
			if (this.left || this.scheduler.isShutdown()) {
				return;
			}
			this.listener.refusingTraffic("the node is joining the cluster and receiving its share of the sessions");
			this.joiningSince = System.nanoTime();
			if (this.poll != null) {
				this.poll.cancel(false);
			}
			this.poll = this.scheduler.scheduleWithFixedDelay(this::check, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Follows the replacements of the node: refusing while a fresh node is started,
	 * accepting once it holds its share, broken when none could join. The holder's
	 * listeners are called in the order they were added: follow only after the monitor
	 * was created, so that it reads the fresh node.
	 * @param node the holder of the monitored node
	 */
	public void follow(SessiongridNode node) {
		synchronized (this.lock) {
			if (this.followed != null) {
				this.followed.removeListener(this.replacements);
			}
			this.followed = node;
		}
		node.addListener(this.replacements);
	}

	/**
	 * Refuses traffic for good: the node is leaving the cluster.
	 */
	public void leaving() {
		synchronized (this.lock) {
			this.left = true;
			if (this.poll != null) {
				this.poll.cancel(false);
				this.poll = null;
			}
		}
		this.listener.refusingTraffic("the node is leaving the cluster");
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			this.left = true;
			if (this.followed != null) {
				this.followed.removeListener(this.replacements);
			}
		}
		this.scheduler.shutdownNow();
	}

	private void refuse(String reason) {
		synchronized (this.lock) {
			if (this.left) {
				return;
			}
			if (this.poll != null) {
				this.poll.cancel(false);
				this.poll = null;
			}
		}
		this.listener.refusingTraffic(reason);
	}

	private void check() {
		boolean holds;
		try {
			holds = this.monitor.holdsItsShare();
		}
		catch (RuntimeException ex) {
			logger.debug("Share of the node not readable yet: {}", ex.toString());
			return;
		}
		if (!holds) {
			return;
		}
		synchronized (this.lock) {
			if (this.left || this.poll == null) {
				return;
			}
			this.poll.cancel(false);
			this.poll = null;
			logger.info("The node holds its share of cache '{}' {} ms after it started joining: taking requests",
					this.monitor.getCacheName(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.joiningSince));
			this.listener.acceptingTraffic();
		}
	}

}
