package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link GracefulLeave} when the application context stops, and before the node
 * itself is closed.
 * <p>
 * Spring stops lifecycle beans from the highest phase down. The phase is the creator's to
 * choose: below those of whatever must stop first, such as a web server that stops taking
 * requests and finishes those in flight, so that the node leaves only once no request can
 * reach this instance any more.
 */
public class GracefulLeaveLifecycle implements SmartLifecycle {

	private final Supplier<Ignite> ignite;

	private final Supplier<Collection<String>> cacheNames;

	private final Duration timeout;

	private final String timeoutName;

	private final int phase;

	private volatile boolean running;

	private volatile GracefulLeave.@Nullable Result result;

	private volatile @Nullable Runnable beforeLeave;

	/**
	 * Creates the lifecycle.
	 * @param ignite the local node
	 * @param cacheNames the caches whose data must survive, read when the leave starts
	 * @param timeout the longest wait
	 * @param timeoutName how the log names the timeout when it passes, e.g. the setting
	 * that configures it
	 * @param phase the lifecycle phase in which the node leaves
	 */
	public GracefulLeaveLifecycle(Ignite ignite, Supplier<Collection<String>> cacheNames, Duration timeout,
			String timeoutName, int phase) {
		this(() -> ignite, cacheNames, timeout, timeoutName, phase);
	}

	/**
	 * Creates the lifecycle of a node that may be replaced while the application runs.
	 * @param ignite the local node, read when the leave starts
	 * @param cacheNames the caches whose data must survive, read when the leave starts
	 * @param timeout the longest wait
	 * @param timeoutName how the log names the timeout when it passes, e.g. the setting
	 * that configures it
	 * @param phase the lifecycle phase in which the node leaves
	 */
	public GracefulLeaveLifecycle(Supplier<Ignite> ignite, Supplier<Collection<String>> cacheNames, Duration timeout,
			String timeoutName, int phase) {
		this.ignite = ignite;
		this.cacheNames = cacheNames;
		this.timeout = timeout;
		this.timeoutName = timeoutName;
		this.phase = phase;
	}

	/**
	 * Sets what to do first when the node is about to leave, e.g. tell the load balancer
	 * to send no more requests.
	 * @param beforeLeave run in {@link #stop}, before the wait
	 */
	public void setBeforeLeave(@Nullable Runnable beforeLeave) {
		this.beforeLeave = beforeLeave;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (this.running) {
			this.running = false;
			Runnable before = this.beforeLeave;
			if (before != null) {
				before.run();
			}
			this.result = GracefulLeave.leave(this.ignite.get(), this.cacheNames.get(), this.timeout, this.timeoutName);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Returns what the leave found, once it ran.
	 * @return the result, or {@code null} before the context stopped
	 */
	public GracefulLeave.@Nullable Result getResult() {
		return this.result;
	}

}
