package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.session.FindByIndexNameSessionRepository;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestSessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What survives when nodes leave: with {@code backups} copies, losing that many nodes
 * loses nothing; losing more is reported as lost data, never as missing sessions.
 */
class NodeLossTests {

	private static final int SESSIONS = 1000;

	private final TestCluster cluster = new TestCluster();

	private final List<IgniteSessionRepository> repositories = new ArrayList<>();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@ParameterizedTest(name = "stopping node {0} of 3")
	@ValueSource(ints = { 0, 1, 2 })
	void stoppingAnyOneOfThreeNodesWithOneBackupLosesNoSession(int stopped) {
		List<Ignite> nodes = this.cluster.start(3);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 1), SESSIONS);

		this.cluster.stop(nodes.get(stopped));

		Ignite survivor = nodes.get((stopped + 1) % 3);
		TestSessions.assertAllReadable(repository(survivor, 1), ids);
	}

	@Test
	void stoppingTwoOfFourNodesWithTwoBackupsLosesNoSession() {
		List<Ignite> nodes = this.cluster.start(4);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 2), SESSIONS);

		this.cluster.stop(nodes.get(1));
		this.cluster.stop(nodes.get(2));

		TestSessions.assertAllReadable(repository(nodes.get(3), 2), ids);
	}

	@Test
	void losingANodeWithoutBackupsReportsTheLossInsteadOfAnsweringNoSession() {
		List<Ignite> nodes = this.cluster.start(2);
		IgniteSessionRepository writer = repository(nodes.get(0), 0);
		List<String> ids = TestSessions.write(writer, SESSIONS);

		this.cluster.stop(nodes.get(1));

		IgniteSessionRepository survivor = this.repositories.get(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> !survivor.getSessionCache().lostPartitions().isEmpty());
		int lost = 0;
		for (String id : ids) {
			try {
				assertThat(survivor.findById(id)).isNotNull();
			}
			catch (SessionDataLostException ex) {
				assertThat(ex.getMessage()).contains("lost").contains("partition " + ex.getPartition());
				lost++;
			}
		}
		// Roughly half the partitions were on the stopped node; every session in them is
		// reported lost.
		assertThat(lost).isBetween(SESSIONS / 4, SESSIONS * 3 / 4);
		String lostId = ids.stream().filter((id) -> isLost(survivor, id)).findFirst().orElseThrow();
		assertThatExceptionOfType(SessionDataLostException.class).isThrownBy(() -> survivor.deleteById(lostId));
	}

	@Test
	void readsRightAfterAnAbruptLossNeverAnswerNoSession() {
		List<Ignite> nodes = this.cluster.start(2);
		List<String> ids = TestSessions.write(repository(nodes.get(0), 0), SESSIONS);

		this.cluster.fail(nodes.get(1));

		// No waiting: the reads race the cluster's handling of the failure, and must
		// still never say "absent".
		IgniteSessionRepository survivor = this.repositories.get(0);
		int found = 0;
		int lost = 0;
		for (String id : ids) {
			try {
				assertThat(survivor.findById(id)).as("session %s", id).isNotNull();
				found++;
			}
			catch (SessionDataLostException ex) {
				lost++;
			}
		}
		assertThat(found + lost).isEqualTo(SESSIONS);
		assertThat(lost).isPositive();
	}

	@Test
	void principalLookupTouchingALostPartitionReportsTheLoss() {
		List<Ignite> nodes = this.cluster.start(2);
		Ignite survivor = nodes.get(0);
		Ignite leaving = nodes.get(1);
		IgniteSessionRepository writer = repository(survivor, 0);
		// One principal whose index entry stays on the survivor while its sessions spread
		// over both nodes, and one whose index entry leaves: the first fails in the
		// lookup of the sessions, the second in the index.
		String kept = principalWithIndexOn(survivor, survivor);
		String gone = principalWithIndexOn(survivor, leaving);
		for (int i = 0; i < 100; i++) {
			for (String principal : List.of(kept, gone)) {
				IgniteSession session = writer.createSession();
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principal);
				writer.save(session);
			}
		}
		assertThat(writer.findByPrincipalName(kept)).hasSize(100);

		this.cluster.stop(leaving);
		await().atMost(Duration.ofSeconds(10)).until(() -> !writer.getSessionCache().lostPartitions().isEmpty());

		assertThatExceptionOfType(SessionDataLostException.class).isThrownBy(() -> writer.findByPrincipalName(kept))
			.withMessageContaining("Session ")
			.withMessageContaining("loss-sessions'");
		assertThatExceptionOfType(SessionDataLostException.class).isThrownBy(() -> writer.findByPrincipalName(gone))
			.withMessageContaining("index entry of principal")
			.withMessageContaining("loss-sessions" + SessionCaches.PRINCIPAL_INDEX_SUFFIX);
	}

	private static String principalWithIndexOn(Ignite node, Ignite owner) {
		String cache = "loss-sessions" + SessionCaches.PRINCIPAL_INDEX_SUFFIX;
		for (int i = 0;; i++) {
			String principal = "user-" + i;
			if (node.affinity(cache).isPrimary(owner.cluster().localNode(), principal)) {
				return principal;
			}
		}
	}

	private boolean isLost(IgniteSessionRepository repository, String id) {
		try {
			repository.findById(id);
			return false;
		}
		catch (SessionDataLostException ex) {
			return true;
		}
	}

	private IgniteSessionRepository repository(Ignite node, int backups) {
		IgniteSessionRepository repository = this.cluster.repository(node, "loss-sessions", backups);
		this.repositories.add(repository);
		return repository;
	}

}
