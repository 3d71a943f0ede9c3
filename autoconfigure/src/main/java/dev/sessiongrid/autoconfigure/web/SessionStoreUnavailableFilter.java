package dev.sessiongrid.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sessiongrid.ignite.session.SessionDataLostException;
import dev.sessiongrid.ignite.session.SessionStoreFullException;
import dev.sessiongrid.ignite.session.SessionStoreUnavailableException;

/**
 * Answers a request that failed because the session store could not serve it for now with
 * {@code 503 Service Unavailable} and {@code Retry-After}, instead of the 500 a servlet
 * container gives any exception: the session is not known to be gone, and a load balancer
 * or the user trying again (on this instance once its node is back, or on another) gets
 * it. It wraps Spring Session's filter, so that it also sees the failures of the save at
 * the end of the request.
 * <ul>
 * <li>{@link SessionStoreUnavailableException}: this instance's node is being replaced;
 * the other instances serve the session.</li>
 * <li>{@link SessionDataLostException}: every copy of the session's partition is gone,
 * reported until the loss is reset (see {@code sessiongrid.failover.lost-partitions}).
 * </li>
 * <li>{@link SessionStoreFullException}: this node's session memory refuses new sessions;
 * other instances may have room.</li>
 * </ul>
 * Any other failure passes unchanged, and so does one the application handled itself (an
 * {@code @ExceptionHandler} sees these exceptions first). A response already committed
 * cannot change its status: the failure passes unchanged too.
 */
public class SessionStoreUnavailableFilter extends OncePerRequestFilter {

	/** Seconds a client is told to wait: about what a fresh node takes to join. */
	static final String RETRY_AFTER_SECONDS = "5";

	private static final int MAX_CAUSES = 16;

	private static final Logger logger = LoggerFactory.getLogger(SessionStoreUnavailableFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			RuntimeException cause = temporaryCause(ex);
			if (cause == null || response.isCommitted()) {
				throw ex;
			}
			logger.debug("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(), cause.getMessage());
			// sendError clears what the buffer holds
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			// the message names the store's state, never a session id in full
			response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(),
					"The session store of this instance is unavailable for now: " + kind(cause));
		}
	}

	/**
	 * Returns the store failure behind an exception, following its causes (Spring MVC
	 * wraps what a handler throws), or {@code null} when there is none.
	 */
	static @Nullable RuntimeException temporaryCause(Throwable ex) {
		Throwable current = ex;
		// a bound, in case of a cycle of causes
		for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
			if (current instanceof SessionStoreUnavailableException || current instanceof SessionDataLostException
					|| current instanceof SessionStoreFullException) {
				return (RuntimeException) current;
			}
			current = current.getCause();
		}
		return null;
	}

	private static String kind(RuntimeException cause) {
		if (cause instanceof SessionDataLostException) {
			return "the session's data was lost with the nodes that held it";
		}
		if (cause instanceof SessionStoreFullException) {
			return "its session memory is full";
		}
		return "its node is rejoining the cluster";
	}

}
