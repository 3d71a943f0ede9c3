package dev.sessiongrid.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sessiongrid.autoconfigure.endpoint.SessiongridEndpoint.CopyDescriptor;
import dev.sessiongrid.autoconfigure.endpoint.SessiongridEndpoint.NodeDescriptor;
import dev.sessiongrid.autoconfigure.endpoint.SessiongridEndpoint.ReplicationDescriptor;
import dev.sessiongrid.autoconfigure.endpoint.SessiongridEndpoint.SessionCopiesDescriptor;
import dev.sessiongrid.autoconfigure.health.ObservedNodes;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessiongridEndpointAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SessiongridEndpointAutoConfiguration.class))
		.withUserConfiguration(ObservedNodes.UserConfiguration.class);

	private final ApplicationContextRunner exposed = this.contextRunner
		.withPropertyValues("management.endpoints.web.exposure.include=sessiongrid");

	@Test
	void endpointShowsNodesCopiesAndTheLastFailoverWithItsRecovery() {
		try (ObservedNodes others = new ObservedNodes(Duration.ZERO)) {
			others.start();
			Ignite leaving = others.start();
			this.exposed.withPropertyValues(ObservedNodes.BACKUPS + "=1").run((context) -> {
				SessiongridEndpoint endpoint = context.getBean(SessiongridEndpoint.class);
				await().atMost(TIMEOUT).until(() -> endpoint.replication().fullyReplicated());
				ReplicationDescriptor full = endpoint.replication();
				assertThat(full.cache()).isEqualTo(ObservedNodes.CACHE);
				assertThat(full.serverNodes()).isEqualTo(3);
				assertThat(full.nodes()).hasSize(3);
				assertThat(full.nodes()).filteredOn(NodeDescriptor::local).hasSize(1);
				assertThat(full.nodes()).allSatisfy((node) -> {
					assertThat(node.addresses()).contains("127.0.0.1");
					assertThat(node.primaries()).isPositive();
					assertThat(node.backups()).isPositive();
				});
				assertThat(full.nodes().stream().mapToInt(NodeDescriptor::primaries).sum())
					.isEqualTo(full.partitions());
				assertThat(full.copyDistribution()).isEqualTo(Map.of(2, full.partitions()));
				assertThat(full.minCopies()).isEqualTo(2);
				assertThat(full.lastFailover()).isNull();
				String leavingId = leaving.cluster().localNode().id().toString();

				others.stop(leaving);

				await().atMost(TIMEOUT)
					.until(() -> endpoint.replication().lastFailover() != null
							&& endpoint.replication().lastFailover().recoveryMillis() != null);
				ReplicationDescriptor recovered = endpoint.replication();
				assertThat(recovered.lastFailover().nodeId()).isEqualTo(leavingId);
				assertThat(recovered.lastFailover().cause()).isEqualTo("left");
				assertThat(recovered.lastFailover().nodeAddress()).contains("127.0.0.1");
				assertThat(recovered.lastFailover().at()).isNotBlank();
				assertThat(recovered.lastFailover().recoveryMillis()).isNotNegative();
				assertThat(recovered.nodes()).hasSize(2)
					.noneSatisfy((node) -> assertThat(node.id()).isEqualTo(leavingId));
				assertThat(recovered.underReplicatedPartitions()).isZero();
				assertThat(recovered.lostPartitions()).isEmpty();
			});
		}
	}

	@Test
	void endpointWritesTheDocumentedJson() {
		this.exposed.withPropertyValues(ObservedNodes.BACKUPS + "=0").run((context) -> {
			SessiongridEndpoint endpoint = context.getBean(SessiongridEndpoint.class);
			await().atMost(TIMEOUT).until(() -> endpoint.replication().fullyReplicated());
			JsonNode json = JsonMapper.builder().build().valueToTree(endpoint.replication());

			assertThat(json.get("cache").asString()).isEqualTo(ObservedNodes.CACHE);
			assertThat(json.get("serverNodes").asInt()).isOne();
			assertThat(json.get("minCopies").asInt()).isOne();
			assertThat(json.get("lostPartitions").isArray()).isTrue();
			assertThat(json.get("copyDistribution").get("1").asInt()).isEqualTo(json.get("partitions").asInt());
			assertThat(json.get("nodes").get(0).get("local").asBoolean()).isTrue();
			assertThat(json.get("nodes").get(0).get("addresses").get(0).asString()).isEqualTo("127.0.0.1");
			assertThat(json.get("lastFailover").isNull()).isTrue();
		});
	}

	@Test
	void sessionCopiesNameThePrimaryAndBackupNodesOfASession() {
		try (ObservedNodes others = new ObservedNodes(Duration.ZERO)) {
			Ignite other = others.start();
			this.exposed.withPropertyValues(ObservedNodes.BACKUPS + "=1").run((context) -> {
				SessiongridEndpoint endpoint = context.getBean(SessiongridEndpoint.class);
				await().atMost(TIMEOUT).until(() -> endpoint.replication().fullyReplicated());
				IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
				IgniteSession session = repository.createSession();
				session.setAttribute("secret", "not shown");
				repository.save(session);

				SessionCopiesDescriptor copies = endpoint.sessionCopies(session.getId());

				assertThat(copies).isNotNull();
				assertThat(copies.cache()).isEqualTo(ObservedNodes.CACHE);
				assertThat(copies.partition())
					.isEqualTo(other.affinity(ObservedNodes.CACHE).partition(session.getId()));
				assertThat(copies.primary()).isNotNull();
				assertThat(copies.primary().id())
					.isEqualTo(other.affinity(ObservedNodes.CACHE).mapKeyToNode(session.getId()).id().toString());
				assertThat(copies.backups()).hasSize(1);
				List<CopyDescriptor> all = List.of(copies.primary(), copies.backups().get(0));
				assertThat(all).filteredOn(CopyDescriptor::local).hasSize(1);
				assertThat(all).extracting(CopyDescriptor::id)
					.containsExactlyInAnyOrderElementsOf(
							endpoint.replication().nodes().stream().map(NodeDescriptor::id).toList());
				assertThat(all).allSatisfy((copy) -> {
					assertThat(copy.state()).isEqualTo("owning");
					assertThat(copy.addresses()).contains("127.0.0.1");
					assertThat(copy.consistentId()).isNotBlank();
				});
				String json = JsonMapper.builder().build().writeValueAsString(copies);
				assertThat(json).contains("\"primary\":{\"id\":", "\"backups\":[{", "\"consistentId\":")
					.doesNotContain("secret", "not shown");
			});
		}
	}

	@Test
	void sessionCopiesOfWhatCannotBeASessionIdAreNotFound() {
		this.exposed.run((context) -> {
			SessiongridEndpoint endpoint = context.getBean(SessiongridEndpoint.class);
			assertThat(endpoint.sessionCopies("")).isNull();
			assertThat(endpoint.sessionCopies("two words")).isNull();
			assertThat(endpoint.sessionCopies("tab\tseparated")).isNull();
			assertThat(endpoint.sessionCopies("x".repeat(257))).isNull();
			assertThat(endpoint.sessionCopies("x".repeat(256))).isNotNull();
		});
	}

	@Test
	void lostPartitionsAreListed() {
		try (ObservedNodes others = new ObservedNodes(Duration.ZERO)) {
			Ignite leaving = others.start();
			this.exposed.withPropertyValues(ObservedNodes.BACKUPS + "=0").run((context) -> {
				SessiongridEndpoint endpoint = context.getBean(SessiongridEndpoint.class);
				await().atMost(TIMEOUT).until(() -> endpoint.replication().fullyReplicated());

				others.stop(leaving);

				await().atMost(TIMEOUT).until(() -> !endpoint.replication().lostPartitions().isEmpty());
				ReplicationDescriptor lost = endpoint.replication();
				assertThat(lost.minCopies()).isZero();
				assertThat(lost.copyDistribution()).containsEntry(0, lost.lostPartitions().size());
				assertThat(lost.fullyReplicated()).isFalse();

				// The operator accepts the loss: the partitions serve again, empty.
				ReplicationDescriptor reset = endpoint.resetLostPartitions();
				assertThat(reset.lostPartitions()).isEmpty();
				IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
				for (int i = 0; i < 50; i++) {
					repository.save(repository.createSession());
				}
			});
		}
	}

	@Test
	void resetOfLostPartitionsIsOffUnlessAccessIsUnrestricted() {
		this.exposed.run((context) -> assertThat(
				context.getBean(SessiongridEndpoint.class).getClass().getAnnotation(Endpoint.class).defaultAccess())
			.isEqualTo(Access.READ_ONLY));
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SessiongridEndpoint.class)
			.doesNotHaveBean(ReplicationMonitor.class));
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.exposed.withPropertyValues("management.endpoint.sessiongrid.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(SessiongridEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.exposed.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SessiongridEndpoint.class)
				.doesNotHaveBean(ReplicationMonitor.class));
	}

}
