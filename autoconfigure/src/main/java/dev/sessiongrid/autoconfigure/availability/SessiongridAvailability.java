package dev.sessiongrid.autoconfigure.availability;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

import dev.sessiongrid.ignite.node.NodeAvailabilityListener;

/**
 * Turns what the backend says about the node into Spring Boot's availability states,
 * published with {@link AvailabilityChangeEvent}: readiness {@code REFUSING_TRAFFIC}
 * while the node joins, receives its share, is replaced or leaves; liveness
 * {@code BROKEN} when only a restart can help.
 * <p>
 * Boot itself publishes {@code ACCEPTING_TRAFFIC} once the application has started,
 * whatever the node is doing. So this listener also hears readiness: while the node is
 * not ready, Boot's {@code ACCEPTING_TRAFFIC} is answered at once with
 * {@code REFUSING_TRAFFIC}; once the node is ready, {@code ACCEPTING_TRAFFIC} is
 * published only if Boot has declared the application ready before, so that a node ready
 * early never makes a starting application take requests.
 */
public class SessiongridAvailability
		implements NodeAvailabilityListener, ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private static final Logger logger = LoggerFactory.getLogger(SessiongridAvailability.class);

	private final ApplicationEventPublisher publisher;

	private final ObjectProvider<ApplicationAvailability> availability;

	private final Object lock = new Object();

	private boolean nodeReady;

	private boolean applicationReady;

	/** What holds readiness back besides the node, e.g. the warm-up of the hot path. */
	private @Nullable String heldBy;

	/**
	 * Creates the availability of the application around the node.
	 * @param publisher publishes the availability changes, usually the application
	 * context
	 * @param availability Boot's availability, read to see that a refusal held against
	 * Boot's own {@code ACCEPTING_TRAFFIC}
	 */
	public SessiongridAvailability(ApplicationEventPublisher publisher,
			ObjectProvider<ApplicationAvailability> availability) {
		this.publisher = publisher;
		this.availability = availability;
	}

	@Override
	public void acceptingTraffic() {
		synchronized (this.lock) {
			this.nodeReady = true;
			acceptIfReady("Sessiongrid node ready");
		}
	}

	/**
	 * Keeps readiness refusing traffic, even once the node is ready, until
	 * {@link #release} is called. Call it before the application is ready.
	 * @param reason what the instance does meanwhile, for the log
	 */
	public void hold(String reason) {
		synchronized (this.lock) {
			this.heldBy = reason;
			logger.info("Refusing traffic while {}", reason);
			if (this.applicationReady) {
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
			}
		}
	}

	/**
	 * Ends a {@link #hold}: readiness accepts traffic if the node and the application are
	 * ready.
	 */
	public void release() {
		synchronized (this.lock) {
			String reason = this.heldBy;
			this.heldBy = null;
			if (reason != null) {
				acceptIfReady("Done " + reason);
			}
		}
	}

	private void acceptIfReady(String what) {
		if (this.applicationReady && ready()) {
			logger.info("{}: accepting traffic", what);
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	private boolean ready() {
		return this.nodeReady && this.heldBy == null;
	}

	@Override
	public void refusingTraffic(String reason) {
		synchronized (this.lock) {
			this.nodeReady = false;
			logger.info("Refusing traffic: {}", reason);
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	@Override
	public void broken(String reason) {
		logger.error("Liveness broken, the instance needs a restart: {}", reason);
		AvailabilityChangeEvent.publish(this.publisher, this, LivenessState.BROKEN);
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getSource() == this || event.getState() != ReadinessState.ACCEPTING_TRAFFIC) {
			return;
		}
		synchronized (this.lock) {
			this.applicationReady = true;
			if (!ready()) {
				// Boot says the application is ready, but the node is not yet: keep the
				// instance out of rotation.
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
				// Nested in Boot's event, this lasts only if Boot's
				// ApplicationAvailabilityBean heard that event first; the listeners'
				// order is not ours to set (neither is ordered), so watch Boot's state
				// until the refusal has held a while, and say it again whenever Boot's
				// event reached the bean after it.
				CompletableFuture.runAsync(this::refuseUntilHeld);
			}
		}
	}

	/**
	 * Publishes the refusal again until Boot's readiness has read
	 * {@code REFUSING_TRAFFIC} for {@value #REFUSAL_HELD_MILLIS} ms in a row, the node is
	 * ready, or {@value #REFUSAL_WATCH_MILLIS} ms have passed: Boot's event may reach its
	 * bean any time after ours on a busy machine.
	 */
	private void refuseUntilHeld() {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REFUSAL_WATCH_MILLIS);
		long heldSince = 0;
		while (System.nanoTime() < deadline) {
			synchronized (this.lock) {
				if (ready()) {
					return;
				}
				ApplicationAvailability boot = this.availability.getIfAvailable();
				if (boot == null || boot.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
					AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
					heldSince = 0;
					if (boot == null) {
						return;
					}
				}
				else if (heldSince == 0) {
					heldSince = System.nanoTime();
				}
				else if (System.nanoTime() - heldSince > TimeUnit.MILLISECONDS.toNanos(REFUSAL_HELD_MILLIS)) {
					return;
				}
			}
			try {
				Thread.sleep(REFUSAL_POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** How long Boot's readiness must read the refusal before the watch ends. */
	private static final long REFUSAL_HELD_MILLIS = 500;

	/** The longest the refusal is watched after Boot's {@code ACCEPTING_TRAFFIC}. */
	private static final long REFUSAL_WATCH_MILLIS = 10_000;

	private static final long REFUSAL_POLL_MILLIS = 10;

}
