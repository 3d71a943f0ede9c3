package dev.sessiongrid.ignite.session;

/**
 * Hears what a repository does, for metrics: each operation with its duration and
 * outcome, what each save wrote, and each session event this node published. A repository
 * has any number of observers ({@link IgniteSessionRepository#addObserver}). Operations
 * and writes are reported on the thread that called the repository;
 * {@linkplain EventKind#EXPIRED expired} events on the repository's event thread. Must be
 * quick.
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
	 * A save sent a write to the cache: the whole record of a new or moved session, or
	 * the changes of an existing one. Not called when a save had nothing to send.
	 * @param kind what was written
	 * @param attributes how many attributes the write sets or removes
	 * @param bytes the serialized size of the attributes it sets, names included
	 */
	default void onWrite(WriteKind kind, int attributes, long bytes) {
	}

	/**
	 * This node published a session event.
	 * @param type the event's type
	 */
	default void onEvent(EventKind type) {
	}

	/**
	 * Repository operations, named as the {@code operation} tag of
	 * {@code sessiongrid.operations}.
	 */
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

	/** What a save wrote to the cache. */
	enum WriteKind {

		/** The record of a new session. */
		INSERT,

		/** The changes of an existing session, applied on its primary copy. */
		UPDATE,

		/** The record of a session whose id changed, under its new id. */
		MOVE

	}

	/**
	 * Session events, named as the {@code type} tag of
	 * {@code sessiongrid.session.events}.
	 */
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
