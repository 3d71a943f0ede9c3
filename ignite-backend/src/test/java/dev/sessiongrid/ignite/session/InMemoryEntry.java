package dev.sessiongrid.ignite.session;

import javax.cache.processor.MutableEntry;

import org.jspecify.annotations.Nullable;

/**
 * One cache entry in memory, for running entry processors without a cluster.
 *
 * @param <V> the value type
 */
final class InMemoryEntry<V> implements MutableEntry<String, V> {

	private final String key;

	private @Nullable V value;

	InMemoryEntry(String key, @Nullable V value) {
		this.key = key;
		this.value = value;
	}

	@Override
	public boolean exists() {
		return this.value != null;
	}

	@Override
	public void remove() {
		this.value = null;
	}

	@Override
	public void setValue(V value) {
		this.value = value;
	}

	@Override
	public String getKey() {
		return this.key;
	}

	@Override
	@SuppressWarnings("NullAway")
	public V getValue() {
		return this.value;
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		throw new UnsupportedOperationException();
	}

}
