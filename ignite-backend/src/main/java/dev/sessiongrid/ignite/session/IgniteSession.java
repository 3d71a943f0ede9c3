package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;

/**
 * A session as the application sees it: attribute values are deserialized on first read,
 * and every change is tracked so that {@code save()} sends only what changed.
 * <p>
 * Delta rules (those of Spring Session JDBC): an attribute added and removed again before
 * a save sends nothing; removing an attribute that is stored sends a removal; under
 * {@link SaveMode#ON_GET_ATTRIBUTE} an attribute that was read is written back; under
 * {@link SaveMode#ALWAYS} every attribute is written.
 */
public final class IgniteSession implements Session {

	private final IgniteSessionRepository repository;

	private String id;

	private String originalId;

	private boolean isNew;

	private final Instant creationTime;

	private Instant lastAccessedTime;

	private Duration maxInactiveInterval;

	private boolean timesChanged;

	private final Map<String, Attribute> attributes;

	/** Names the stored record has, as of the last load or save. */
	private final Set<String> storedNames;

	/** Names whose current value must be written by the next save. */
	private final Set<String> changedNames = new LinkedHashSet<>();

	/** Stored names removed since the last save. */
	private final Set<String> removedNames = new LinkedHashSet<>();

	/** Principal name as stored, to notice when it changes. */
	private @Nullable String storedPrincipalName;

	private boolean resolvingIndexes;

	IgniteSession(IgniteSessionRepository repository, String id, Instant now, Duration maxInactiveInterval) {
		this.repository = repository;
		this.id = id;
		this.originalId = id;
		this.isNew = true;
		this.creationTime = now.truncatedTo(ChronoUnit.MILLIS);
		this.lastAccessedTime = this.creationTime;
		this.maxInactiveInterval = maxInactiveInterval;
		this.attributes = new LinkedHashMap<>();
		this.storedNames = new HashSet<>();
	}

	IgniteSession(IgniteSessionRepository repository, String id, SessionRecord record) {
		this.repository = repository;
		this.id = id;
		this.originalId = id;
		this.isNew = false;
		this.creationTime = Instant.ofEpochMilli(record.getCreationTime());
		this.lastAccessedTime = Instant.ofEpochMilli(record.getLastAccessedTime());
		this.maxInactiveInterval = Duration.ofMillis(record.getMaxInactiveMillis());
		this.attributes = new LinkedHashMap<>();
		record.getAttributes().forEach((name, bytes) -> this.attributes.put(name, Attribute.stored(bytes)));
		this.storedNames = new HashSet<>(this.attributes.keySet());
		this.storedPrincipalName = record.getPrincipalName();
	}

	@Override
	public String getId() {
		return this.id;
	}

	String getOriginalId() {
		return this.originalId;
	}

	boolean isNew() {
		return this.isNew;
	}

	@Override
	public String changeSessionId() {
		this.id = this.repository.generateId();
		return this.id;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(String attributeName) {
		Attribute attribute = this.attributes.get(attributeName);
		if (attribute == null) {
			return null;
		}
		Object value = attribute.value;
		if (value == null && attribute.bytes != null && !attribute.unreadable) {
			value = this.repository.readAttribute(this, attributeName, attribute.bytes);
			if (value == null) {
				// Policy kept the stored bytes but could not read them: remember, so we
				// neither retry on every
				// read nor write back a value we never had.
				attribute.unreadable = true;
			}
			attribute.value = value;
		}
		if (value != null && this.repository.getSaveMode() == SaveMode.ON_GET_ATTRIBUTE && !this.resolvingIndexes) {
			this.changedNames.add(attributeName);
		}
		return (T) value;
	}

	@Override
	public Set<String> getAttributeNames() {
		return new HashSet<>(this.attributes.keySet());
	}

	@Override
	public void setAttribute(String attributeName, @Nullable Object attributeValue) {
		Objects.requireNonNull(attributeName, "attributeName must not be null");
		if (attributeValue == null) {
			removeAttribute(attributeName);
			return;
		}
		this.repository.getSerializer().check(attributeName, attributeValue);
		this.attributes.put(attributeName, Attribute.set(attributeValue));
		this.changedNames.add(attributeName);
		this.removedNames.remove(attributeName);
		flushIfImmediate();
	}

	@Override
	public void removeAttribute(String attributeName) {
		if (this.attributes.remove(attributeName) == null) {
			return;
		}
		this.changedNames.remove(attributeName);
		if (this.storedNames.contains(attributeName)) {
			this.removedNames.add(attributeName);
		}
		flushIfImmediate();
	}

	/**
	 * Drops an unreadable attribute, as the {@code REMOVE} policy asks.
	 */
	void dropUnreadable(String attributeName) {
		this.attributes.remove(attributeName);
		this.changedNames.remove(attributeName);
		if (this.storedNames.contains(attributeName)) {
			this.removedNames.add(attributeName);
		}
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		this.lastAccessedTime = lastAccessedTime.truncatedTo(ChronoUnit.MILLIS);
		this.timesChanged = true;
		flushIfImmediate();
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.lastAccessedTime;
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		this.maxInactiveInterval = interval;
		this.timesChanged = true;
		flushIfImmediate();
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.maxInactiveInterval;
	}

	@Override
	public boolean isExpired() {
		return isExpired(this.repository.now());
	}

	boolean isExpired(Instant now) {
		if (this.maxInactiveInterval.isNegative()) {
			return false;
		}
		return now.minus(this.maxInactiveInterval).compareTo(this.lastAccessedTime) >= 0;
	}

	private void flushIfImmediate() {
		if (this.repository.getFlushMode() == FlushMode.IMMEDIATE) {
			this.repository.save(this);
		}
	}

	// --- used by the repository when saving

	boolean hasChanges() {
		return this.isNew || this.timesChanged || !this.changedNames.isEmpty() || !this.removedNames.isEmpty()
				|| !this.id.equals(this.originalId) || this.repository.getSaveMode() == SaveMode.ALWAYS;
	}

	boolean attributesChanged() {
		return this.isNew || !this.changedNames.isEmpty() || !this.removedNames.isEmpty();
	}

	long maxInactiveMillis() {
		return this.maxInactiveInterval.isNegative() ? -1 : this.maxInactiveInterval.toMillis();
	}

	@Nullable String getStoredPrincipalName() {
		return this.storedPrincipalName;
	}

	/**
	 * Runs the index resolver without the reads counting as ON_GET_ATTRIBUTE reads.
	 */
	@Nullable String resolvePrincipal(Function<IgniteSession, @Nullable String> resolver) {
		this.resolvingIndexes = true;
		try {
			return resolver.apply(this);
		}
		finally {
			this.resolvingIndexes = false;
		}
	}

	/**
	 * Serializes what the next save must write: for a new session or under {@code ALWAYS}
	 * every attribute, else the changed ones. Values never read are written back as the
	 * bytes they were stored as.
	 */
	Map<String, byte[]> attributesToWrite(AttributeSerializer serializer, boolean all) {
		Set<String> names = all ? this.attributes.keySet() : this.changedNames;
		Map<String, byte[]> result = new HashMap<>();
		for (String name : names) {
			Attribute attribute = this.attributes.get(name);
			if (attribute == null) {
				continue;
			}
			if (attribute.value != null) {
				attribute.bytes = serializer.serialize(name, attribute.value);
			}
			if (attribute.bytes != null) {
				result.put(name, attribute.bytes);
			}
		}
		return result;
	}

	Set<String> removedNames() {
		return this.removedNames;
	}

	/**
	 * Returns the serialized size of all attributes as they will be stored, with the
	 * three largest named, for the size limit. Call after {@link #attributesToWrite},
	 * which refreshes the bytes of changed attributes.
	 */
	long storedSize(StringBuilder largest) {
		long size = 0;
		Map<String, Integer> sizes = new HashMap<>();
		for (Map.Entry<String, Attribute> entry : this.attributes.entrySet()) {
			byte[] bytes = entry.getValue().bytes;
			int length = entry.getKey().length() + ((bytes != null) ? bytes.length : 0);
			sizes.put(entry.getKey(), length);
			size += length;
		}
		sizes.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(3)
			.forEach((e) -> largest.append(largest.isEmpty() ? "" : ", ")
				.append(e.getKey())
				.append('=')
				.append(e.getValue())
				.append(" bytes"));
		return size;
	}

	void markSaved(@Nullable String principalName) {
		this.isNew = false;
		this.originalId = this.id;
		this.timesChanged = false;
		this.changedNames.clear();
		this.removedNames.clear();
		this.storedNames.clear();
		this.storedNames.addAll(this.attributes.keySet());
		this.storedPrincipalName = principalName;
	}

	@Override
	public String toString() {
		return "IgniteSession[id=" + SessionIds.abbreviate(this.id) + ", attributes=" + this.attributes.keySet() + "]";
	}

	/**
	 * One attribute: its stored bytes, its value once read or set, or both.
	 */
	private static final class Attribute {

		@Nullable byte[] bytes;

		@Nullable Object value;

		boolean unreadable;

		static Attribute stored(byte[] bytes) {
			Attribute attribute = new Attribute();
			attribute.bytes = bytes;
			return attribute;
		}

		static Attribute set(Object value) {
			Attribute attribute = new Attribute();
			attribute.value = value;
			return attribute;
		}

	}

}
