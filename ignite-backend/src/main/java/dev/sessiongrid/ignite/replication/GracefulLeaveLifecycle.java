package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link GracefulLeave} when the application context stops, after the web server has stopped taking
 * requests and finished those in flight, and before the node itself is closed.
 * <p>
 * Spring stops lifecycle beans from the highest phase down. Spring Boot's web server graceful shutdown runs in phase
 * {@code DEFAULT_PHASE - 1024} and stops the server in {@code DEFAULT_PHASE - 2048}; {@link #PHASE} is below both, so
 * the node leaves only once no request can reach this instance any more.
 */
public class GracefulLeaveLifecycle implements SmartLifecycle {

	/** Below the web server's stop phases, so this stops after them. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final Ignite ignite;

	private final Supplier<Collection<String>> cacheNames;

	private final Duration timeout;

	private volatile boolean running;

	private volatile GracefulLeave.@Nullable Result result;

	/**
	 * Creates the lifecycle.
	 * @param ignite the local node
	 * @param cacheNames the caches whose data must survive, read when the leave starts
	 * @param timeout the longest wait
	 */
	public GracefulLeaveLifecycle(Ignite ignite, Supplier<Collection<String>> cacheNames, Duration timeout) {
		this.ignite = ignite;
		this.cacheNames = cacheNames;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (this.running) {
			this.running = false;
			this.result = GracefulLeave.leave(this.ignite, this.cacheNames.get(), this.timeout);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Returns what the leave found, once it ran.
	 * @return the result, or {@code null} before the context stopped
	 */
	public GracefulLeave.@Nullable Result getResult() {
		return this.result;
	}

}
