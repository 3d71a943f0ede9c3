package dev.sessiongrid.ignite.session;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.DelegatingIndexResolver;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.IndexResolver;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;

import dev.sessiongrid.ignite.session.SessionRepositoryObserver.WriteKind;

/**
 * Turns one {@code save()} into one write of the {@link SessionStore}: serializes what
 * changed, enforces the size limit before anything is written, resolves the principal,
 * builds the {@link SessionDelta}, and inserts, updates or moves the session. Tells the
 * observer what reached the cache.
 */
final class SessionWriter {

	private static final Logger logger = LoggerFactory.getLogger(SessionWriter.class);

	/** What a save did. */
	enum Outcome {

		/** A new session was stored. */
		CREATED,

		/** An existing session was updated or moved to its new id. */
		UPDATED,

		/** The session was deleted or expired meanwhile, and is not resurrected. */
		GONE

	}

	private final IgniteSessionRepository repository;

	private volatile IndexResolver<Session> indexResolver = new DelegatingIndexResolver<>(
			new PrincipalNameIndexResolver<>());

	private volatile long maxSessionSize = IgniteSessionRepository.DEFAULT_MAX_SESSION_SIZE;

	private volatile @Nullable String maxSessionSizeHint;

	private volatile @Nullable String maxMemoryHint;

	SessionWriter(IgniteSessionRepository repository) {
		this.repository = repository;
	}

	void setIndexResolver(IndexResolver<Session> indexResolver) {
		this.indexResolver = indexResolver;
	}

	void setMaxSessionSize(long maxSessionSize) {
		this.maxSessionSize = maxSessionSize;
	}

	void setLimitHints(@Nullable String maxSessionSize, @Nullable String maxMemory) {
		this.maxSessionSizeHint = maxSessionSize;
		this.maxMemoryHint = maxMemory;
	}

	Outcome save(SessionStore store, IgniteSession session, SessionRepositoryObserver observer) {
		String id = session.getId();
		if (!SessionIds.isWellFormed(id)) {
			throw new IllegalArgumentException("Session id " + SessionIds.abbreviate(id) + " is not well formed: 1 to "
					+ SessionIds.MAX_LENGTH + " printable ASCII characters expected");
		}
		boolean all = session.isNew() || this.repository.getSaveMode() == SaveMode.ALWAYS;
		Map<String, byte[]> written = session.attributesToWrite(this.repository.getSerializer(), all);
		long size = checkSize(session);
		String storedPrincipal = session.getStoredPrincipalName();
		String principal = session.attributesChanged() ? resolvePrincipal(session) : storedPrincipal;
		SessionDelta delta = SessionDelta.of(session, written, principal);
		long now = this.repository.now().toEpochMilli();
		Outcome outcome;
		if (session.isNew()) {
			SessionRecord record = delta.toNewRecord(session.getCreationTime().toEpochMilli());
			boolean created = store.insert(id, record, delta.expiryPolicy(now), this.maxMemoryHint);
			observer.onWrite(WriteKind.INSERT, record.getAttributes().size(), record.attributeBytes());
			if (!created) {
				throw SessionStore.duplicateId(id);
			}
			outcome = Outcome.CREATED;
		}
		else if (!id.equals(session.getOriginalId())) {
			SessionRecord moved = store.move(session.getOriginalId(), id, delta, delta.expiryPolicy(now));
			if (moved != null) {
				observer.onWrite(WriteKind.MOVE, moved.getAttributes().size(), moved.attributeBytes());
				principal = moved.getPrincipalName();
			}
			outcome = (moved != null) ? Outcome.UPDATED : Outcome.GONE;
		}
		else {
			boolean applied = store.update(id, delta, storedPrincipal, principal, delta.expiryPolicy(now));
			observer.onWrite(WriteKind.UPDATE, delta.attributeCount(), delta.setAttributeBytes());
			outcome = applied ? Outcome.UPDATED : Outcome.GONE;
		}
		if (outcome == Outcome.GONE) {
			logger.debug("Session {} was deleted or expired before this save; not resurrected",
					SessionIds.abbreviate(session.getOriginalId()));
			session.markSaved(storedPrincipal);
			return outcome;
		}
		session.markSaved(principal);
		observer.onSessionSaved(size);
		return outcome;
	}

	private @Nullable String resolvePrincipal(IgniteSession session) {
		return session.resolvePrincipal((s) -> this.indexResolver.resolveIndexesFor(s)
			.get(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME));
	}

	private long checkSize(IgniteSession session) {
		StringBuilder largest = new StringBuilder();
		long size = session.storedSize(largest);
		if (size > this.maxSessionSize) {
			throw new SessionTooLargeException(session.getId(), size, this.maxSessionSize, largest.toString(),
					this.maxSessionSizeHint);
		}
		return size;
	}

}
