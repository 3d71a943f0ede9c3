package dev.sessiongrid.ignite.session;

import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A node whose session memory fills up refuses new sessions instead of running out:
 * Ignite stops a node whose data region is exhausted, which would drop every session it
 * holds (seen before the guard existed).
 */
class MemoryGuardTests {

	private final TestCluster cluster = new TestCluster((settings) -> settings.setMaxMemory(32L * 1024 * 1024));

	private IgniteSessionRepository repository;

	@AfterEach
	void stop() {
		try {
			if (this.repository != null) {
				this.repository.close();
			}
		}
		finally {
			this.cluster.close();
		}
	}

	@Test
	void fullMemoryRefusesNewSessionsAndKeepsTheNodeAndItsSessions() {
		Ignite node = this.cluster.start();
		this.repository = new IgniteSessionRepository(node, "guarded", 0);
		this.repository.setLimitHints(null, "set by the test");
		this.repository.start();
		List<String> stored = new ArrayList<>();
		SessionStoreFullException refused = null;
		for (int i = 0; i < 20_000 && refused == null; i++) {
			IgniteSession session = this.repository.createSession();
			session.setAttribute("payload", "x".repeat(4000));
			try {
				this.repository.save(session);
				stored.add(session.getId());
			}
			catch (SessionStoreFullException ex) {
				refused = ex;
			}
		}
		if (refused == null) {
			fail("32 MB never filled up");
		}

		assertThat(refused.getMessage()).contains("% used")
			.contains("of " + (32L * 1024 * 1024) + " bytes")
			.contains("maximum memory of the node's data region (set by the test)")
			.doesNotContain("sessiongrid.");
		assertThat(refused.getMaxSize()).isEqualTo(32L * 1024 * 1024);
		assertThat(refused.getUsedSize() * 100)
			.isGreaterThanOrEqualTo(refused.getMaxSize() * MemoryGuard.MAX_USED_PERCENT);
		assertThat(this.repository.getSessionCache().size()).isEqualTo(stored.size());
		IgniteSession existing = this.repository.findById(stored.get(0));
		existing.setAttribute("more", "still works");
		this.repository.save(existing);
		assertThat(this.repository.findById(stored.get(0)).<String>getAttribute("more")).isEqualTo("still works");
	}

}
