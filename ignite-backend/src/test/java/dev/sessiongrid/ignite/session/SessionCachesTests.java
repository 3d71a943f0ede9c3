package dev.sessiongrid.ignite.session;

import org.apache.ignite.cache.eviction.fifo.FifoEvictionPolicy;
import org.apache.ignite.cache.eviction.fifo.FifoEvictionPolicyFactory;
import org.apache.ignite.configuration.CacheConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void theShareOfTheHeapIsConfigurableAndZeroKeepsSessionsOffHeapOnly() {
		CacheConfiguration<String, SessionRecord> quarter = SessionCaches.sessions("sessions", 1, 25);
		FifoEvictionPolicy<?, ?> policy = (FifoEvictionPolicy<?, ?>) quarter.getEvictionPolicyFactory().create();
		assertThat(policy.getMaxMemorySize()).isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 25);

		CacheConfiguration<String, SessionRecord> none = SessionCaches.sessions("sessions", 1, 0);
		assertThat(none.isOnheapCacheEnabled()).isFalse();
		assertThat(none.getEvictionPolicyFactory()).isNull();
		// off-heap only, a read unmarshals a copy of its own
		assertThat(none.isCopyOnRead()).isTrue();
	}

	@Test
	void aShareOutsideZeroToFiftyPercentIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SessionCaches.sessions("sessions", 1, -1))
			.withMessageContaining("onHeapPercent must be 0 to 50, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionCaches.sessions("sessions", 1, 51))
			.withMessageContaining("was 51");
	}

	@Test
	void thePrincipalIndexKeepsNoOnHeapCopies() {
		CacheConfiguration<String, ?> config = SessionCaches.principalIndex("sessions", 1);

		assertThat(config.isOnheapCacheEnabled()).isFalse();
		assertThat(config.getName()).isEqualTo("sessions" + SessionCaches.PRINCIPAL_INDEX_SUFFIX);
	}

}
