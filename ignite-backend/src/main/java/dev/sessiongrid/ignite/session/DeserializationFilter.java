package dev.sessiongrid.ignite.session;

import java.io.ObjectInputFilter;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What reading one attribute may do: which classes it may instantiate
 * ({@link AllowedClasses}), how deep its object graph may nest and how many bytes it may
 * take. Both attribute serializers apply it; for Java serialization it is the stream's
 * {@link ObjectInputFilter} ({@link #forStream()}).
 * <p>
 * <b>The JVM-wide filter.</b> A filter the application sets for the whole JVM
 * ({@code -Djdk.serialFilter=…} or {@link ObjectInputFilter.Config#setSerialFilter}) is
 * consulted first, and what it rejects stays rejected: a class is read only when both
 * allow it, the stricter wins. Without this, the stream's own filter would replace the
 * JVM-wide one (the JDK's default filter factory keeps only the stream's).
 */
public final class DeserializationFilter {

	/** Default deepest nesting of an attribute's object graph. */
	public static final int DEFAULT_MAX_DEPTH = 32;

	/** Default largest size of one attribute's stored bytes. */
	public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

	private static final DeserializationFilter DEFAULT = new DeserializationFilter(AllowedClasses.defaults(),
			DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES, null);

	private final AllowedClasses allowedClasses;

	private final int maxDepth;

	private final long maxBytes;

	private final @Nullable String allowHint;

	/**
	 * Creates a filter.
	 * @param allowedClasses the classes an attribute may instantiate
	 * @param maxDepth the deepest nesting of an attribute's object graph, at least 1
	 * @param maxBytes the largest size of one attribute's bytes, also the longest array
	 * it may allocate, at least 1
	 * @param allowHint how to allow a rejected class, for the message (e.g. the property
	 * to add it to), or {@code null}
	 */
	public DeserializationFilter(AllowedClasses allowedClasses, int maxDepth, long maxBytes,
			@Nullable String allowHint) {
		if (maxDepth < 1) {
			throw new IllegalArgumentException("maxDepth must be 1 or more, was " + maxDepth);
		}
		if (maxBytes < 1) {
			throw new IllegalArgumentException("maxBytes must be 1 or more, was " + maxBytes);
		}
		this.allowedClasses = Objects.requireNonNull(allowedClasses, "allowedClasses must not be null");
		this.maxDepth = maxDepth;
		this.maxBytes = maxBytes;
		this.allowHint = allowHint;
	}

	/**
	 * Returns the filter with the default allow-list and limits.
	 * @return the default filter
	 */
	public static DeserializationFilter defaults() {
		return DEFAULT;
	}

	public AllowedClasses getAllowedClasses() {
		return this.allowedClasses;
	}

	public int getMaxDepth() {
		return this.maxDepth;
	}

	public long getMaxBytes() {
		return this.maxBytes;
	}

	/**
	 * Returns the reason a class may not be read, or {@code null} when it may.
	 * @param type the class
	 * @return the reason, naming the class
	 */
	@Nullable String rejectionOf(Class<?> type) {
		return this.allowedClasses.allows(type) ? null : notAllowed(type.getName());
	}

	/**
	 * Returns the reason a class, by name, may not be read, or {@code null} when it may.
	 * @param className the binary name of a class that is not an array
	 * @return the reason, naming the class
	 */
	@Nullable String rejectionOf(String className) {
		return this.allowedClasses.allows(className) ? null : notAllowed(className);
	}

	private String notAllowed(String className) {
		return "class " + className + " is not on the allowed classes of session attributes"
				+ ((this.allowHint != null) ? " (" + this.allowHint + ")" : "");
	}

	/**
	 * Returns the reason attribute bytes may not be read, or {@code null} when their size
	 * is within the limit.
	 * @param size the size of the stored bytes
	 * @return the reason
	 */
	@Nullable String rejectionOfSize(long size) {
		return (size > this.maxBytes) ? "its " + size + " bytes exceed the limit of " + this.maxBytes : null;
	}

	/**
	 * Returns a filter for one stream, which remembers why it rejected, so the error can
	 * say so (the JDK's own exception says only "REJECTED").
	 * @return a new filter for one {@link java.io.ObjectInputStream}
	 */
	public StreamFilter forStream() {
		return forStream(ObjectInputFilter.Config.getSerialFilter());
	}

	/**
	 * Returns a filter for one stream that consults the given JVM-wide filter first.
	 * @param jvmWide the JVM-wide filter, or {@code null}
	 * @return a new filter for one {@link java.io.ObjectInputStream}
	 */
	StreamFilter forStream(@Nullable ObjectInputFilter jvmWide) {
		return new StreamFilter(jvmWide);
	}

	/**
	 * The filter of one stream.
	 */
	public final class StreamFilter implements ObjectInputFilter {

		private final @Nullable ObjectInputFilter jvmWide;

		private @Nullable String rejection;

		private StreamFilter(@Nullable ObjectInputFilter jvmWide) {
			this.jvmWide = jvmWide;
		}

		@Override
		public Status checkInput(FilterInfo info) {
			if (this.jvmWide != null && this.jvmWide.checkInput(info) == Status.REJECTED) {
				Class<?> type = info.serialClass();
				return reject(((type != null) ? "class " + type.getName() : "the stream")
						+ " is rejected by the JVM-wide filter (jdk.serialFilter)");
			}
			if (info.depth() > DeserializationFilter.this.maxDepth) {
				return reject("its objects nest deeper than the limit of " + DeserializationFilter.this.maxDepth);
			}
			if (info.streamBytes() > DeserializationFilter.this.maxBytes) {
				return reject(rejectionOfSize(info.streamBytes()));
			}
			if (info.arrayLength() > DeserializationFilter.this.maxBytes) {
				return reject("an array of " + info.arrayLength() + " elements exceeds the limit of "
						+ DeserializationFilter.this.maxBytes);
			}
			Class<?> type = info.serialClass();
			if (type != null) {
				String reason = rejectionOf(type);
				if (reason != null) {
					return reject(reason);
				}
			}
			return (type != null) ? Status.ALLOWED : Status.UNDECIDED;
		}

		private Status reject(@Nullable String reason) {
			if (this.rejection == null) {
				this.rejection = reason;
			}
			return Status.REJECTED;
		}

		/**
		 * Returns why this filter rejected the stream, or {@code null} if it did not.
		 * @return the reason
		 */
		public @Nullable String rejection() {
			return this.rejection;
		}

	}

}
