package dev.sessiongrid.ignite.session;

import org.apache.ignite.cache.eviction.fifo.FifoEvictionPolicy;
import org.apache.ignite.cache.eviction.fifo.FifoEvictionPolicyFactory;
import org.apache.ignite.configuration.CacheConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration of the sessions cache's on-heap copies.
 */
class SessionCachesTests {

	@Test
	void onHeapCopiesAreBoundedByAShareOfTheHeapAndLeaveInTheOrderTheyCame() {
		CacheConfiguration<String, SessionRecord> config = SessionCaches.sessions("sessions", 1);

		assertThat(config.isOnheapCacheEnabled()).isTrue();
		assertThat(config.isCopyOnRead()).isFalse();
		// first in, first out: a read does not move the entry in a queue that every
		// request thread would contend for
		assertThat(config.getEvictionPolicyFactory()).isInstanceOf(FifoEvictionPolicyFactory.class);
		FifoEvictionPolicy<?, ?> policy = (FifoEvictionPolicy<?, ?>) config.getEvictionPolicyFactory().create();
		assertThat(policy.getMaxMemorySize())
			.isEqualTo(Runtime.getRuntime().maxMemory() / 100 * SessionCaches.ON_HEAP_PERCENT)
			.isPositive();
	}

	@Test
	void thePrincipalIndexKeepsNoOnHeapCopies() {
		CacheConfiguration<String, ?> config = SessionCaches.principalIndex("sessions", 1);

		assertThat(config.isOnheapCacheEnabled()).isFalse();
		assertThat(config.getName()).isEqualTo("sessions" + SessionCaches.PRINCIPAL_INDEX_SUFFIX);
	}

}
