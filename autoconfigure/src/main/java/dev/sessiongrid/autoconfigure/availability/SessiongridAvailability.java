package dev.sessiongrid.autoconfigure.availability;

import java.util.concurrent.CompletableFuture;

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
			if (this.applicationReady) {
				logger.info("Sessiongrid node ready: accepting traffic");
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
			}
		}
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
			if (!this.nodeReady) {
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
			if (!this.nodeReady) {
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
			}
		}
	}

}
