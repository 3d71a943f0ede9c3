package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

		NodeWarmUp.runInCluster(TestPorts.BACKEND.settings(), SessionPathWarmUp.cachesFor(repository),
				SessionPathWarmUp.nodesFor(repository),
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

	@Test
	void warmsUpAFarmsRemotePathsOnAThrowawayClusterOfThreeWhenSessionsHaveBackups() {
		Ignite real = this.cluster.start();
		IgniteSessionRepository repository = this.cluster.repository(real, "warm-up-farm-tests", 1);
		long topology = real.cluster().topologyVersion();
		int nodes = Ignition.allGrids().size();
		AtomicLong operations = new AtomicLong();
		AtomicLong remotePrimaries = new AtomicLong();
		List<Integer> clusterSizes = new CopyOnWriteArrayList<>();
		Logger igniteLogger = (Logger) LoggerFactory.getLogger("org.apache.ignite");
		ListAppender<ILoggingEvent> igniteLog = new ListAppender<>();
		igniteLog.start();
		igniteLogger.addAppender(igniteLog);

		try {
			NodeWarmUp.runInCluster(TestPorts.BACKEND.settings(), SessionPathWarmUp.cachesFor(repository),
					SessionPathWarmUp.nodesFor(repository), (ignite) -> {
						clusterSizes.add(ignite.cluster().forServers().nodes().size());
						operations.set(SessionPathWarmUp.run(ignite, repository, Duration.ofMillis(500)));
						// of keys like the warm-up's, most have their primary copy
						// elsewhere
						for (int i = 0; i < 100; i++) {
							if (!ignite.affinity(SessionPathWarmUp.CACHE_NAME)
								.isPrimary(ignite.cluster().localNode(), "key-" + i)) {
								remotePrimaries.incrementAndGet();
							}
						}
					});
		}
		finally {
			igniteLogger.detachAppender(igniteLog);
		}

		assertThat(clusterSizes).containsExactly(SessionPathWarmUp.FARM_NODES);
		assertThat(remotePrimaries.get()).isGreaterThan(30);
		assertThat(operations.get()).isGreaterThanOrEqualTo(2 * 64);
		assertThat(repository.getSessionCache().size()).isZero();
		assertThat(real.cluster().topologyVersion()).isEqualTo(topology);
		assertThat(real.cacheNames()).doesNotContain(SessionPathWarmUp.CACHE_NAME);
		assertThat(Ignition.allGrids()).hasSize(nodes);
		// stopping the throwaway nodes loses nothing anyone could be told about
		assertThat(igniteLog.list).extracting(ILoggingEvent::getFormattedMessage)
			.noneMatch((message) -> message.contains("lost partitions"));
	}

}
