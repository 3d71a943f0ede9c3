package dev.sessiongrid.ignite.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.sessiongrid.ignite.session.SessionRepositoryObserver.Operation;

/**
 * The observers of one repository. Adding or removing one rebuilds an immutable snapshot,
 * which is what the hot path reads: no observer costs nothing, one observer a direct
 * call, several a loop.
 */
final class RepositoryObservers {

	private final List<SessionRepositoryObserver> observers = new ArrayList<>();

	private volatile SessionRepositoryObserver current = SessionRepositoryObserver.NONE;

	synchronized void add(SessionRepositoryObserver observer) {
		this.observers.add(observer);
		this.current = snapshot();
	}

	synchronized void remove(SessionRepositoryObserver observer) {
		this.observers.remove(observer);
		this.current = snapshot();
	}

	/**
	 * Returns one observer that tells all the current ones.
	 */
	SessionRepositoryObserver current() {
		return this.current;
	}

	/**
	 * Runs a repository operation and reports its duration and outcome.
	 */
	<T> T time(Operation operation, Supplier<T> action) {
		long start = System.nanoTime();
		boolean success = false;
		try {
			T result = action.get();
			success = true;
			return result;
		}
		finally {
			this.current.onOperation(operation, System.nanoTime() - start, success);
		}
	}

	private SessionRepositoryObserver snapshot() {
		return switch (this.observers.size()) {
			case 0 -> SessionRepositoryObserver.NONE;
			case 1 -> this.observers.get(0);
			default -> new Composite(List.copyOf(this.observers));
		};
	}

	/**
	 * Several observers heard as one, in the order they were added.
	 */
	private record Composite(List<SessionRepositoryObserver> observers) implements SessionRepositoryObserver {

		@Override
		public void onOperation(Operation operation, long durationNanos, boolean success) {
			for (SessionRepositoryObserver observer : this.observers) {
				observer.onOperation(operation, durationNanos, success);
			}
		}

		@Override
		public void onSessionSaved(long bytes) {
			for (SessionRepositoryObserver observer : this.observers) {
				observer.onSessionSaved(bytes);
			}
		}

		@Override
		public void onWrite(WriteKind kind, int attributes, long bytes) {
			for (SessionRepositoryObserver observer : this.observers) {
				observer.onWrite(kind, attributes, bytes);
			}
		}

		@Override
		public void onEvent(EventKind type) {
			for (SessionRepositoryObserver observer : this.observers) {
				observer.onEvent(type);
			}
		}

	}

}
