package dev.sessiongrid.autoconfigure.availability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

import dev.sessiongrid.ignite.node.NodeWarmUp;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionPathWarmUp;

/**
 * Once the application has started, runs the session store's request path for a while on
 * a throwaway node of this JVM ({@link SessionPathWarmUp}), and keeps readiness refusing
 * traffic until it is done, so that a load balancer that follows readiness sends the
 * first requests to compiled code. Start-up itself does not wait: the warm-up runs on a
 * thread of its own after the context is refreshed. A warm-up that fails is logged and
 * releases readiness; it only makes the first requests faster. A zero budget turns it
 * off.
 */
public class HotPathWarmUp implements ApplicationListener<ApplicationStartedEvent>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(HotPathWarmUp.class);

	private static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private final SessiongridNodeSettings settings;

	private final IgniteSessionRepository repository;

	private final Duration budget;

	private final SessiongridAvailability availability;

	private @Nullable Thread thread;

	/**
	 * Creates the warm-up and holds readiness back until it has run.
	 * @param settings the settings the throwaway node copies where they shape the code
	 * that runs (see {@code NodeWarmUp.runInCluster})
	 * @param repository the real repository, whose serializer and modes are used
	 * @param budget how long the request path runs
	 * @param availability the readiness to hold back meanwhile
	 */
	public HotPathWarmUp(SessiongridNodeSettings settings, IgniteSessionRepository repository, Duration budget,
			SessiongridAvailability availability) {
		this.settings = settings;
		this.repository = repository;
		this.budget = budget;
		this.availability = availability;
		if (budget.isZero()) {
			return;
		}
		availability.hold("warming up the session path (sessiongrid.node.hot-path-warm-up=" + budget + ")");
	}

	@Override
	public synchronized void onApplicationEvent(ApplicationStartedEvent event) {
		if (this.thread != null || this.budget.isZero()) {
			return;
		}
		Thread warmUp = new Thread(this::run, "sessiongrid-hot-path-warm-up");
		warmUp.setDaemon(true);
		this.thread = warmUp;
		warmUp.start();
	}

	private void run() {
		long start = System.nanoTime();
		AtomicLong operations = new AtomicLong();
		try {
			NodeWarmUp.runInCluster(this.settings, SessionPathWarmUp.cachesFor(this.repository),
					SessionPathWarmUp.nodesFor(this.repository),
					(ignite) -> operations.set(SessionPathWarmUp.run(ignite, this.repository, this.budget)));
			logger.info("Warmed up the session path in {} ms ({} operations)",
					Duration.ofNanos(System.nanoTime() - start).toMillis(), operations.get());
		}
		catch (RuntimeException ex) {
			if (!Thread.currentThread().isInterrupted()) {
				logger.warn("Warm-up of the session path failed; taking traffic cold: {}", ex.toString());
			}
		}
		finally {
			this.availability.release();
		}
	}

	/**
	 * Stops a warm-up still running when the application closes, so that its throwaway
	 * node does not outlive the context.
	 */
	@Override
	public void destroy() throws InterruptedException {
		Thread running;
		synchronized (this) {
			running = this.thread;
		}
		if (running != null && running.isAlive()) {
			running.interrupt();
			running.join(STOP_WAIT.toMillis());
		}
	}

}
