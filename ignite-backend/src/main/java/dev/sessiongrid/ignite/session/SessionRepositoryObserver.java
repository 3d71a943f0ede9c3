package dev.sessiongrid.ignite.session;

/**
 * Hears what a repository does, for metrics: each operation with its duration and outcome, the size of each saved
 * session, and each session event this node published. Called on the caller's thread; must be quick.
 */
public interface SessionRepositoryObserver {

	/** An observer that ignores everything. */
	SessionRepositoryObserver NONE = new SessionRepositoryObserver() {
	};

	/**
	 * One repository operation finished.
	 * @param operation what was done
	 * @param durationNanos how long it took
	 * @param success whether it completed without an exception
	 */
	default void onOperation(Operation operation, long durationNanos, boolean success) {
	}

	/**
	 * A session was written; its serialized attributes take this many bytes.
	 * @param bytes the session's size
	 */
	default void onSessionSaved(long bytes) {
	}

	/**
	 * This node published a session event.
	 * @param type the event's type
	 */
	default void onEvent(EventKind type) {
	}

	/** Repository operations, named as the {@code operation} tag of {@code sessiongrid.operations}. */
	enum Operation {

		FIND("find"), SAVE("save"), DELETE("delete"), FIND_BY_INDEX("find-by-index");

		private final String tag;

		Operation(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

	/** Session events, named as the {@code type} tag of {@code sessiongrid.session.events}. */
	enum EventKind {

		CREATED("created"), DELETED("deleted"), EXPIRED("expired");

		private final String tag;

		EventKind(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

}
