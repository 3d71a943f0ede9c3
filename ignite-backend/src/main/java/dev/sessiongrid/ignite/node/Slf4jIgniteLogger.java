package dev.sessiongrid.ignite.node;

import org.apache.ignite.IgniteLogger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes all of Ignite's output to SLF4J. {@link #isQuiet()} answers {@code false}: in
 * quiet mode Ignite prints its start-up report straight to standard output instead of to
 * the logger, which a Spring application does not want.
 */
public final class Slf4jIgniteLogger implements IgniteLogger {

	private final Logger logger;

	public Slf4jIgniteLogger() {
		this(LoggerFactory.getLogger("org.apache.ignite"));
	}

	private Slf4jIgniteLogger(Logger logger) {
		this.logger = logger;
	}

	@Override
	public IgniteLogger getLogger(@Nullable Object category) {
		if (category instanceof Class<?> type) {
			return new Slf4jIgniteLogger(LoggerFactory.getLogger(type));
		}
		return new Slf4jIgniteLogger(LoggerFactory.getLogger((category != null) ? category.toString() : ""));
	}

	@Override
	public void trace(String msg) {
		this.logger.trace(msg);
	}

	@Override
	public void debug(String msg) {
		this.logger.debug(msg);
	}

	@Override
	public void info(String msg) {
		this.logger.info(msg);
	}

	@Override
	public void warning(String msg) {
		this.logger.warn(msg);
	}

	@Override
	public void warning(String msg, @Nullable Throwable ex) {
		this.logger.warn(msg, ex);
	}

	@Override
	public void error(String msg) {
		this.logger.error(msg);
	}

	@Override
	public void error(String msg, @Nullable Throwable ex) {
		this.logger.error(msg, ex);
	}

	@Override
	public boolean isTraceEnabled() {
		return this.logger.isTraceEnabled();
	}

	@Override
	public boolean isDebugEnabled() {
		return this.logger.isDebugEnabled();
	}

	@Override
	public boolean isInfoEnabled() {
		return this.logger.isInfoEnabled();
	}

	@Override
	public boolean isQuiet() {
		return false;
	}

	@Override
	public @Nullable String fileName() {
		return null;
	}

}
