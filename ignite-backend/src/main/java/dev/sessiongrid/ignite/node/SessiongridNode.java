package dev.sessiongrid.ignite.node;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.apache.ignite.IgnitionListener;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded node of an application instance, which may be replaced: when Ignite stops
 * it because it was segmented from the cluster (silent past the failure detection
 * timeout, e.g. a long pause) or because its failure handler stopped it, a healing holder
 * starts a fresh node in the same process, from the same configuration, and tells its
 * listeners, so that what uses the node carries on with the new one. Starting is retried
 * a bounded number of times with doubling back-off, each attempt logged; when every
 * attempt fails the listeners hear that the instance is broken (only a restart helps).
 * <p>
 * A node that is stopped on purpose ({@link #close}, or anyone stopping it normally) is
 * not replaced. A {@linkplain #of(Ignite) fixed} holder, over a node the application
 * started itself, never replaces it.
 * <p>
 * The holder also tells when the node must not serve ({@link #refusal()}): from the
 * moment it hears that the node was segmented (before Ignite has stopped it), and for a
 * while after this JVM stood still for half the failure detection timeout or more. In
 * both cases the rest of the cluster may have dropped the node and promoted the backups
 * of its sessions, while the node itself, resuming, still completes writes on its own
 * copy alone; such a write dies with the node and must not be acknowledged.
 */
public final class SessiongridNode implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SessiongridNode.class);

	private final @Nullable Supplier<Ignite> starter;

	private final int attempts;

	private final Duration backoff;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private final @Nullable ExecutorService healer;

	private final IgnitionListener stateListener = this::onStateChange;

	private volatile Ignite current;

	private volatile boolean replacing;

	private volatile boolean closed;

	/** Whether the current node heard that it was segmented; cleared by its successor. */
	private volatile boolean segmented;

	/** The lost node whose listeners were told already, so they hear it once. */
	private volatile @Nullable Ignite announcedLost;

	/** The current node's failure detection timeout, in nanoseconds. */
	private volatile long detectionNanos;

	private final IgnitePredicate<Event> segmentationListener = this::onSegmented;

	/**
	 * Whether the current node is watched for segmentation (from the first question on).
	 */
	private volatile boolean watching;

	/** The node last watched. */
	private @Nullable Ignite watched;

	private final JvmPauseWatch pauses = JvmPauseWatch.get();

	private SessiongridNode(Ignite first, @Nullable Supplier<Ignite> starter, int attempts, Duration backoff) {
		this.current = first;
		this.starter = starter;
		this.attempts = attempts;
		this.backoff = backoff;
		this.healer = (starter != null) ? Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "sessiongrid-healer");
			thread.setDaemon(true);
			return thread;
		}) : null;
		if (starter != null) {
			Ignition.addListener(this.stateListener);
		}
	}

	/**
	 * Holds a node that is never replaced, e.g. one the application started and owns.
	 * @param ignite the node
	 * @return the holder
	 */
	public static SessiongridNode of(Ignite ignite) {
		return new SessiongridNode(Objects.requireNonNull(ignite, "ignite must not be null"), null, 0, Duration.ZERO);
	}

	/**
	 * Starts a node, and replaces it by a fresh one each time it is segmented or stopped
	 * by its failure handler.
	 * @param starter starts a node from a fresh configuration (Ignite does not let two
	 * nodes share SPI instances)
	 * @param attempts how many times a replacement is tried before the instance is
	 * declared broken, at least 1
	 * @param backoff the wait before the first attempt, doubled before each further one
	 * @return the holder, with its first node started
	 */
	public static SessiongridNode healing(Supplier<Ignite> starter, int attempts, Duration backoff) {
		if (attempts < 1) {
			throw new IllegalArgumentException("attempts must be 1 or more, was " + attempts);
		}
		SessiongridNode node = new SessiongridNode(starter.get(), starter, attempts, backoff);
		node.watch(node.current);
		return node;
	}

	/**
	 * Returns the current node; while a replacement is under way it is the stopped one.
	 * @return the node
	 */
	public Ignite ignite() {
		return this.current;
	}

	/**
	 * Tells whether the node is being replaced: it stopped and its successor has not
	 * joined yet.
	 * @return whether a replacement is under way
	 */
	public boolean isReplacing() {
		return this.replacing;
	}

	/**
	 * Tells whether this holder replaces a failed node.
	 * @return whether it heals
	 */
	public boolean isHealing() {
		return this.starter != null;
	}

	/**
	 * Tells why the node must not serve session operations now, if it must not: it was
	 * segmented from the cluster, or this JVM stood still for half the failure detection
	 * timeout or more within the last failure detection timeout (time enough for the node
	 * to hear that it was dropped, if it was).
	 * @return the reason, or {@code null} when the node may serve
	 */
	public @Nullable String refusal() {
		return refusal(System.nanoTime());
	}

	/**
	 * {@link #refusal()} at a time the caller has read already.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return the reason, or {@code null} when the node may serve
	 */
	public @Nullable String refusal(long nowNanos) {
		watchCurrent();
		return reasonSince(nowNanos - this.detectionNanos);
	}

	/**
	 * Tells whether an operation that started at the given time may be acknowledged: not
	 * when the node was segmented meanwhile, or this JVM stood still since for half the
	 * failure detection timeout or more (the write may have completed on this node's copy
	 * alone).
	 * @param startNanos when the operation started, as {@link System#nanoTime()}
	 * @return the reason it may not, or {@code null} when it may
	 */
	public @Nullable String refusalSince(long startNanos) {
		watchCurrent();
		return reasonSince(startNanos);
	}

	/**
	 * A fixed holder watches its node from the first question on: its constructor, like
	 * any, only takes its arguments.
	 */
	private void watchCurrent() {
		if (!this.watching) {
			watch(this.current);
		}
	}

	private @Nullable String reasonSince(long startNanos) {
		if (this.segmented) {
			return "the node was segmented from the cluster" + (isHealing() ? " and is being replaced" : "");
		}
		long paused = this.pauses.pausedSince(startNanos, this.detectionNanos / 2);
		if (paused > 0) {
			return "this JVM stood still for " + paused + " ms, long enough for the cluster to drop its node ("
					+ "failure detection timeout " + TimeUnit.NANOSECONDS.toMillis(this.detectionNanos) + " ms)";
		}
		return null;
	}

	/**
	 * Adds a listener of replacements.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Removes a listener; does nothing if it was not added.
	 * @param listener the listener
	 */
	public void removeListener(Listener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Stops replacing, then stops the node if this holder started it. Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.healer != null) {
			Ignition.removeListener(this.stateListener);
			this.healer.shutdownNow();
			this.current.close();
		}
	}

	private void onStateChange(@Nullable String name, IgniteState state) {
		if (this.closed || !Objects.equals(name, this.current.name())
				|| (state != IgniteState.STOPPED_ON_SEGMENTATION && state != IgniteState.STOPPED_ON_FAILURE)) {
			return;
		}
		// Called on the thread that stopped the node, inside Ignite: start the successor
		// elsewhere.
		logger.warn("Node {} was {}; starting a fresh node in this process", name,
				(state == IgniteState.STOPPED_ON_SEGMENTATION) ? "segmented from the cluster"
						: "stopped by its failure handler");
		announceLost(this.current);
		Objects.requireNonNull(this.healer).execute(this::replace);
	}

	/**
	 * Heard on Ignite's discovery thread when the node finds itself out of the cluster,
	 * before its failure handler stops it: from now on nothing it does is acknowledged.
	 */
	private boolean onSegmented(Event event) {
		this.segmented = true;
		logger.warn("Node {} was segmented from the cluster: it refuses session operations from now on{}",
				this.current.name(), (isHealing() ? ", until a fresh node has joined in its place" : ""));
		if (isHealing() && !this.closed) {
			announceLost(this.current);
		}
		return false;
	}

	/** Tells the listeners once that the node is lost. */
	private synchronized void announceLost(Ignite lost) {
		this.replacing = true;
		if (this.announcedLost == lost) {
			return;
		}
		this.announcedLost = lost;
		for (Listener listener : this.listeners) {
			listener.onNodeLost(lost);
		}
	}

	private synchronized void watch(Ignite ignite) {
		if (this.watched == ignite) {
			return;
		}
		this.watched = ignite;
		this.detectionNanos = TimeUnit.MILLISECONDS.toNanos(ignite.configuration().getFailureDetectionTimeout());
		int[] recorded = ignite.configuration().getIncludeEventTypes();
		if (recorded != null && Arrays.stream(recorded).anyMatch((type) -> type == EventType.EVT_NODE_SEGMENTED)) {
			ignite.events().localListen(this.segmentationListener, EventType.EVT_NODE_SEGMENTED);
		}
		else {
			// An application's own node that does not record the event: only the pause
			// watch fences it.
			logger.info("Node {} does not record EVT_NODE_SEGMENTED (IgniteConfiguration.includeEventTypes): a "
					+ "segmentation is noticed only once Ignite has stopped the node", ignite.name());
		}
		this.watching = true;
	}

	private void replace() {
		Duration wait = this.backoff;
		for (int attempt = 1; attempt <= this.attempts && !this.closed; attempt++) {
			try {
				Thread.sleep(wait.toMillis());
				Ignite fresh = Objects.requireNonNull(this.starter).get();
				watch(fresh);
				this.current = fresh;
				this.segmented = false;
				logger.info("Fresh node {} joined the cluster (attempt {} of {})", fresh.name(), attempt,
						this.attempts);
				for (Listener listener : this.listeners) {
					try {
						listener.onNodeReplaced(fresh);
					}
					catch (RuntimeException ex) {
						logger.error("A user of the node failed to move to the fresh node", ex);
					}
				}
				this.replacing = false;
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Attempt {} of {} to start a fresh node failed: {}", attempt, this.attempts, ex.toString());
			}
			wait = wait.multipliedBy(2);
		}
		if (!this.closed) {
			String reason = "no fresh node could join the cluster in " + this.attempts + " attempts";
			logger.error("Giving up: {}; the instance needs a restart", reason);
			for (Listener listener : this.listeners) {
				listener.onBroken(reason);
			}
		}
	}

	/**
	 * Hears replacements of the node. Called on the holder's own threads, one event after
	 * the other.
	 */
	public interface Listener {

		/**
		 * The node was segmented or stopped and is being replaced: stop using it. Called
		 * once per node, on Ignite's discovery thread when it finds itself segmented or
		 * else on the thread that stopped it.
		 * @param lost the lost node
		 */
		default void onNodeLost(Ignite lost) {
		}

		/**
		 * A fresh node has joined the cluster: carry on with it.
		 * @param fresh the new node
		 */
		void onNodeReplaced(Ignite fresh);

		/**
		 * No fresh node could be started: only a restart of the instance helps.
		 * @param reason why
		 */
		default void onBroken(String reason) {
		}

	}

}
