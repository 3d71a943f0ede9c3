package dev.sessiongrid.autoconfigure.availability;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	private final Object lock = new Object();

	private boolean nodeReady;

	private boolean applicationReady;

	/** What holds readiness back besides the node, e.g. the warm-up of the hot path. */
	private @Nullable String heldBy;

	/**
	 * Creates the availability of the application around the node.
	 * @param publisher publishes the availability changes, usually the application
	 * context
	 */
	public SessiongridAvailability(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
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
				// ApplicationAvailabilityBean heard that event
				// first; the listeners' order is not ours to set (neither is ordered), so
				// say it again once Boot's
				// event has reached every listener.
				CompletableFuture.runAsync(this::refuseUnlessReady);
			}
		}
	}

	private void refuseUnlessReady() {
		synchronized (this.lock) {
			if (!ready()) {
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
			}
		}
	}

}
