package dev.sessiongrid.ignite.node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.apache.ignite.IgnitionListener;
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
		return new SessiongridNode(starter.get(), starter, attempts, backoff);
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
		this.replacing = true;
		Ignite lost = this.current;
		logger.warn("Node {} was {}; starting a fresh node in this process", name,
				(state == IgniteState.STOPPED_ON_SEGMENTATION) ? "segmented from the cluster"
						: "stopped by its failure handler");
		for (Listener listener : this.listeners) {
			listener.onNodeLost(lost);
		}
		Objects.requireNonNull(this.healer).execute(this::replace);
	}

	private void replace() {
		Duration wait = this.backoff;
		for (int attempt = 1; attempt <= this.attempts && !this.closed; attempt++) {
			try {
				Thread.sleep(wait.toMillis());
				Ignite fresh = Objects.requireNonNull(this.starter).get();
				this.current = fresh;
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
		 * The node stopped and is being replaced: stop using it. Called on the thread
		 * that stopped it.
		 * @param lost the stopped node
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
