package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.node.NodeWarmUp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up of the session path runs the request operations many times on a throwaway
 * node, with the real repository's serializer, and nothing of the real cluster sees it.
 */
class SessionPathWarmUpTests {

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void runsTheRequestPathOnAThrowawayNodeAndLeavesTheRealOneAlone() {
		Ignite real = this.cluster.start();
		IgniteSessionRepository repository = this.cluster.repository(real, "warm-up-path-tests", 0);
		List<Object> events = new CopyOnWriteArrayList<>();
		repository.setApplicationEventPublisher(events::add);
		List<String> serialized = new CopyOnWriteArrayList<>();
		repository.setSerializer(new JdkAttributeSerializer() {
			@Override
			public byte[] serialize(String name, Object value) {
				serialized.add(name);
				return super.serialize(name, value);
			}
		});
		long topology = real.cluster().topologyVersion();
		int nodes = Ignition.allGrids().size();
		AtomicLong operations = new AtomicLong();

		NodeWarmUp.runAlone(TestPorts.BACKEND.settings(), SessionPathWarmUp.caches(),
				(ignite) -> operations.set(SessionPathWarmUp.run(ignite, repository, Duration.ofMillis(500))));

		// each of its 64 sessions read and saved once at least, whatever the machine's
		// speed
		assertThat(operations.get()).isGreaterThanOrEqualTo(2 * 64);
		// through the real repository's serializer, so that its code is warm too
		assertThat(serialized).isNotEmpty();
		assertThat(events).isEmpty();
		assertThat(repository.getSessionCache().size()).isZero();
		assertThat(real.cluster().topologyVersion()).isEqualTo(topology);
		assertThat(real.cacheNames()).doesNotContain(SessionPathWarmUp.CACHE_NAME);
		assertThat(Ignition.allGrids()).hasSize(nodes);
	}

}
