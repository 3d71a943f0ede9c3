package dev.sessiongrid.ignite.node;

import java.util.List;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.CacheConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.session.SessionCaches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The warm-up before a join: it runs its throwaway nodes beside a real cluster without
 * ever touching it, and leaves nothing running.
 */
class NodeWarmUpTests {

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void warmUpNeverJoinsTheRealClusterOnTheSameMachine() {
		Ignite real = this.cluster.start();
		List<CacheConfiguration<?, ?>> caches = List.of(SessionCaches.sessions("warm-up-tests", 1),
				SessionCaches.principalIndex("warm-up-tests", 1));
		long topology = real.cluster().topologyVersion();

		// The real cluster's settings: the same discovery addresses and port range it
		// scans.
		assertThat(NodeWarmUp.run(TestPorts.BACKEND.settings(), caches)).isTrue();

		assertThat(real.cluster().topologyVersion()).isEqualTo(topology);
		assertThat(real.cluster().nodes()).hasSize(1);
		assertThat(real.cacheNames()).doesNotContain("warm-up-tests");
	}

	@Test
	void warmUpStopsItsNodesAndTheRealNodeStillJoins() {
		List<CacheConfiguration<?, ?>> caches = List.of(SessionCaches.sessions("warm-up-tests", 1));
		int before = Ignition.allGrids().size();

		assertThat(NodeWarmUp.run(TestPorts.BACKEND.settings(), caches)).isTrue();

		assertThat(Ignition.allGrids()).hasSize(before);
		List<Ignite> nodes = this.cluster.start(2);
		assertThat(nodes.get(1).cluster().nodes()).hasSize(2);
	}

	@Test
	void aThrowawayClusterWhoseWorkFailsIsStoppedWholeAndTheFailureKept() {
		List<CacheConfiguration<?, ?>> caches = List.of(SessionCaches.sessions("warm-up-tests", 1));
		int before = Ignition.allGrids().size();

		assertThatIllegalStateException()
			.isThrownBy(() -> NodeWarmUp.runInCluster(TestPorts.BACKEND.settings(), caches, 3, (ignite) -> {
				assertThat(Ignition.allGrids()).hasSize(before + 3);
				throw new IllegalStateException("work failed");
			}))
			.withMessage("work failed");

		assertThat(Ignition.allGrids()).hasSize(before);
	}

}
