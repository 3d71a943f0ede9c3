package dev.sessiongrid.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * What the page shows of the grid: this instance's node, the other nodes, which of them
 * hold the copies of a session, and how well the sessions are copied. Asked of this
 * instance's own {@code sessiongrid} Actuator endpoint over HTTP, as an operator would
 * ask it: {@code GET /actuator/sessiongrid} for the nodes and {@code GET
 * /actuator/sessiongrid/{sessionId}} for the copies.
 */
@Component
public class ClusterView {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final Environment environment;

	private @Nullable RestClient actuator;

	public ClusterView(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Returns this instance's node.
	 * @return its name and id, or {@code null} when the endpoint does not answer
	 */
	public @Nullable Member localNode() {
		return local(members(null));
	}

	/**
	 * Picks this instance's node out of the members.
	 * @param members the members, as {@link #members} returns them
	 * @return this instance's node, or {@code null} if none is
	 */
	public static @Nullable Member local(List<Member> members) {
		return members.stream().filter(Member::local).findFirst().orElse(null);
	}

	/**
	 * Returns every node of the cluster, with the copy of the given session each holds:
	 * the primary serves reads and writes, the backups take over when it leaves.
	 * @param sessionId the session, or {@code null} for none
	 * @return the nodes, none when the endpoint does not answer
	 */
	public List<Member> members(@Nullable String sessionId) {
		Cluster cluster = cluster(sessionId);
		return (cluster != null) ? cluster.members() : List.of();
	}

	/**
	 * Returns the cluster as the live panel of the page shows it: the nodes with their
	 * share of the partitions and the copy of the given session each holds, and the state
	 * of replication.
	 * @param sessionId the session, or {@code null} for none
	 * @return the cluster, or {@code null} when the endpoint does not answer
	 */
	public @Nullable Cluster cluster(@Nullable String sessionId) {
		try {
			Map<String, Object> cluster = get("/sessiongrid");
			Map<String, Object> copies = (sessionId != null) ? get("/sessiongrid/{sessionId}", sessionId) : Map.of();
			String primary = (copies.get("primary") instanceof Map<?, ?> node) ? String.valueOf(node.get("id")) : null;
			List<String> backups = new ArrayList<>();
			if (copies.get("backups") instanceof List<?> nodes) {
				nodes.forEach((node) -> backups.add(String.valueOf(((Map<?, ?>) node).get("id"))));
			}
			List<Member> members = new ArrayList<>();
			for (Object entry : (List<?>) cluster.get("nodes")) {
				Map<?, ?> node = (Map<?, ?>) entry;
				String id = String.valueOf(node.get("id"));
				Role role = id.equals(primary) ? Role.PRIMARY : backups.contains(id) ? Role.BACKUP : Role.NONE;
				members.add(new Member(id, String.valueOf(node.get("name")), String.valueOf(node.get("consistentId")),
						Boolean.TRUE.equals(node.get("local")), role, number(node.get("primaries")),
						number(node.get("backups"))));
			}
			return new Cluster(members, replication(cluster));
		}
		catch (RestClientException ex) {
			// the page still shows the cart; the cluster table stays empty
			return null;
		}
	}

	private static Replication replication(Map<String, Object> cluster) {
		Failover lastFailover = null;
		if (cluster.get("lastFailover") instanceof Map<?, ?> failover) {
			lastFailover = new Failover(String.valueOf(failover.get("at")), String.valueOf(failover.get("cause")),
					String.valueOf(failover.get("nodeAddress")),
					(failover.get("recoveryMillis") instanceof Number millis) ? millis.longValue() : null);
		}
		int lost = (cluster.get("lostPartitions") instanceof List<?> partitions) ? partitions.size() : 0;
		return new Replication(number(cluster.get("serverNodes")), number(cluster.get("backups")),
				number(cluster.get("underReplicatedPartitions")), lost,
				Boolean.TRUE.equals(cluster.get("fullyReplicated")), lastFailover);
	}

	private static int number(@Nullable Object value) {
		return (value instanceof Number number) ? number.intValue() : 0;
	}

	private Map<String, Object> get(String path, Object... variables) {
		Map<String, Object> body = actuator().get().uri(path, variables).retrieve().body(JSON);
		return (body != null) ? body : Map.of();
	}

	/**
	 * The client of this instance's Actuator, made at the first request: the management
	 * port is known only once its server has started (with
	 * {@code management.server.port=0} it is chosen then).
	 */
	private synchronized RestClient actuator() {
		if (this.actuator == null) {
			String port = this.environment.getProperty("local.management.port",
					this.environment.getProperty("local.server.port", "8080"));
			String address = this.environment.getProperty("management.server.address", "localhost");
			String basePath = this.environment.getProperty("management.endpoints.web.base-path", "/actuator");
			// a panel that refreshes every second or two has no use for a slower answer
			SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
			requests.setConnectTimeout(Duration.ofSeconds(1));
			requests.setReadTimeout(Duration.ofSeconds(3));
			this.actuator = RestClient.builder()
				.requestFactory(requests)
				.baseUrl("http://" + address + ":" + port + basePath)
				.build();
		}
		return this.actuator;
	}

	/**
	 * One node of the cluster.
	 *
	 * @param id the node's id, new on every start
	 * @param name its Ignite instance name
	 * @param address its consistent id, the address and discovery port it was first seen
	 * on
	 * @param local whether it is this instance's node
	 * @param role the copy of the session it holds
	 * @param primaries partitions whose primary copy it is assigned
	 * @param backups partitions of which it is assigned a backup copy
	 */
	public record Member(String id, String name, String address, boolean local, Role role, int primaries, int backups) {

	}

	/**
	 * The nodes and the state of replication, as one answer of the endpoint gives them.
	 *
	 * @param members the nodes
	 * @param replication the state of replication
	 */
	public record Cluster(List<Member> members, Replication replication) {

	}

	/**
	 * How well the sessions are copied.
	 *
	 * @param serverNodes nodes in the cluster
	 * @param backups backup copies configured per partition
	 * @param underReplicatedPartitions partitions with fewer copies than configured
	 * @param lostPartitions partitions that lost every copy
	 * @param fullyReplicated whether every partition has all its copies
	 * @param lastFailover the last departure of a node, or {@code null} if none was seen
	 */
	public record Replication(int serverNodes, int backups, int underReplicatedPartitions, int lostPartitions,
			boolean fullyReplicated, @Nullable Failover lastFailover) {

	}

	/**
	 * A node's departure.
	 *
	 * @param at when it was seen, ISO-8601
	 * @param cause {@code failed} or {@code left}
	 * @param nodeAddress the departed node's addresses
	 * @param recoveryMillis milliseconds until every partition had all its copies again,
	 * {@code null} until then
	 */
	public record Failover(String at, String cause, String nodeAddress, @Nullable Long recoveryMillis) {

	}

	/** Which copy of a session a node holds. */
	public enum Role {

		/** The authoritative copy. */
		PRIMARY,

		/** A copy that takes over when the primary's node leaves. */
		BACKUP,

		/** None. */
		NONE

	}

}
