package dev.sessiongrid.autoconfigure.endpoint;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.sessiongrid.ignite.node.SessiongridNode;
import dev.sessiongrid.ignite.replication.Failover;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.replication.ReplicationState;
import dev.sessiongrid.ignite.replication.SessionCopies;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionIds;

/**
 * The {@code sessiongrid} Actuator endpoint: the server nodes with the partitions each is
 * assigned as primary and as backup, how many partitions have how many copies, what is
 * under-replicated, lost or moving, and the last failover with its recovery time; and,
 * given a session id, which nodes hold that session's copies. Exposed over HTTP only when
 * listed in {@code management.endpoints.web.exposure.include}, as it shows the nodes'
 * addresses. Its one write operation, resetting lost partitions, is off unless
 * {@code management.endpoint.sessiongrid.access=unrestricted}: accepting a loss is an
 * operator's decision.
 */
@Endpoint(id = "sessiongrid", defaultAccess = Access.READ_ONLY)
public class SessiongridEndpoint {

	private final ReplicationMonitor monitor;

	private final SessiongridNode node;

	private final IgniteSessionRepository repository;

	/**
	 * Creates the endpoint.
	 * @param monitor the replication monitor of the sessions cache
	 * @param repository the session repository, whose node tells which entry of the node
	 * list is this one
	 */
	public SessiongridEndpoint(ReplicationMonitor monitor, IgniteSessionRepository repository) {
		this.monitor = monitor;
		this.repository = repository;
		// the holder, not the node: the node may be replaced while the application runs
		this.node = repository.getNode();
	}

	/**
	 * Accepts the loss of partitions whose every copy is gone: their sessions read as
	 * absent again instead of failing, and new sessions can be stored in them
	 * ({@code POST /actuator/sessiongrid}).
	 * @return the replication state after the reset
	 */
	@WriteOperation
	public ReplicationDescriptor resetLostPartitions() {
		this.repository.resetLostPartitions();
		return replication();
	}

	/**
	 * Reads the replication state.
	 * @return the replication state of the sessions cache
	 */
	@ReadOperation
	public ReplicationDescriptor replication() {
		ReplicationState state = this.monitor.state();
		UUID local = localNodeId();
		List<NodeDescriptor> nodes = state.nodes()
			.values()
			.stream()
			.map((owner) -> new NodeDescriptor(owner.nodeId().toString(), owner.name(), owner.consistentId(),
					owner.addresses(), owner.primaries(), owner.backups(), owner.nodeId().equals(local)))
			.toList();
		Failover failover = this.monitor.lastFailover();
		return new ReplicationDescriptor(this.monitor.getCacheName(), state.serverNodes(), state.backups(),
				state.partitions(), state.minCopies(), state.underReplicatedPartitions(),
				new TreeSet<>(state.lostPartitions()), state.rebalancingCopies(), state.fullyReplicated(),
				state.localNodeInCluster(), state.copyDistribution(), nodes,
				(failover != null) ? FailoverDescriptor.of(failover) : null);
	}

	/**
	 * Tells where the copies of one session are ({@code GET
	 * /actuator/sessiongrid/{sessionId}}): the partition its id falls in and the nodes
	 * assigned its primary and backup copies. Computed from the id alone, so it neither
	 * reads the session nor tells whether it exists.
	 * @param sessionId the session's id
	 * @return where its copies are, or {@code null} (HTTP 404) for a string that cannot
	 * be a session id
	 */
	@ReadOperation
	public @Nullable SessionCopiesDescriptor sessionCopies(@Selector String sessionId) {
		if (!SessionIds.isWellFormed(sessionId)) {
			return null;
		}
		SessionCopies copies = this.monitor.copiesOf(sessionId);
		UUID local = localNodeId();
		SessionCopies.Copy primary = copies.primary();
		return new SessionCopiesDescriptor(copies.cache(), copies.partition(),
				(primary != null) ? CopyDescriptor.of(primary, local) : null,
				copies.backups().stream().map((backup) -> CopyDescriptor.of(backup, local)).toList());
	}

	private @Nullable UUID localNodeId() {
		try {
			return this.node.ignite().cluster().localNode().id();
		}
		catch (RuntimeException ex) {
			// the node stopped: the state says so, and no entry is marked local
			return null;
		}
	}

	/**
	 * Replication of the sessions cache as this node sees it.
	 *
	 * @param cache the sessions cache's name
	 * @param serverNodes live server nodes
	 * @param backups configured backup copies per partition
	 * @param partitions number of partitions
	 * @param minCopies fewest live copies of any partition
	 * @param underReplicatedPartitions partitions with fewer than {@code backups + 1}
	 * copies
	 * @param lostPartitions partitions that lost every copy
	 * @param rebalancingCopies partition copies still being filled, one per partition and
	 * node filling it
	 * @param fullyReplicated whether every partition has all its copies
	 * @param localNodeInCluster whether this node is a member of the cluster
	 * @param copyDistribution number of partitions by number of live copies
	 * @param nodes the live server nodes
	 * @param lastFailover the last departure of a server node, if any
	 */
	public record ReplicationDescriptor(String cache, int serverNodes, int backups, int partitions, int minCopies,
			int underReplicatedPartitions, SortedSet<Integer> lostPartitions, int rebalancingCopies,
			boolean fullyReplicated, boolean localNodeInCluster, SortedMap<Integer, Integer> copyDistribution,
			List<NodeDescriptor> nodes, @Nullable FailoverDescriptor lastFailover) implements OperationResponseBody {
	}

	/**
	 * One server node.
	 *
	 * @param id the node's id
	 * @param name the node's Ignite instance name
	 * @param consistentId the node's consistent id, which stays the same across restarts
	 * @param addresses the node's addresses
	 * @param primaries partitions whose primary copy Ignite assigns it
	 * @param backups partitions of which Ignite assigns it a backup copy
	 * @param local whether it is the node answering
	 */
	public record NodeDescriptor(String id, String name, String consistentId, Collection<String> addresses,
			int primaries, int backups, boolean local) {
	}

	/**
	 * Where the copies of one session are.
	 *
	 * @param cache the sessions cache's name
	 * @param partition the partition the session's id falls in
	 * @param primary the node assigned the primary copy, {@code null} when no server node
	 * is in the cluster
	 * @param backups the nodes assigned a backup copy, fewer than configured when the
	 * cluster has too few nodes
	 */
	public record SessionCopiesDescriptor(String cache, int partition, @Nullable CopyDescriptor primary,
			List<CopyDescriptor> backups) implements OperationResponseBody {
	}

	/**
	 * One copy of a session, and the node that holds it.
	 *
	 * @param id the node's id, new at every start of the node
	 * @param name the node's Ignite instance name
	 * @param consistentId the node's consistent id, which stays the same across restarts
	 * @param addresses the node's addresses
	 * @param state the partition's state on that node: {@code owning} when the copy is
	 * complete, {@code moving} while it is being filled
	 * @param local whether it is the node answering
	 */
	public record CopyDescriptor(String id, String name, String consistentId, Collection<String> addresses,
			String state, boolean local) {

		static CopyDescriptor of(SessionCopies.Copy copy, @Nullable UUID local) {
			return new CopyDescriptor(copy.nodeId().toString(), copy.name(), copy.consistentId(), copy.addresses(),
					copy.state(), copy.nodeId().equals(local));
		}

	}

	/**
	 * A server node's departure.
	 *
	 * @param at when it was seen, ISO-8601
	 * @param nodeId the departed node's id
	 * @param nodeAddress the departed node's addresses
	 * @param cause {@code failed} or {@code left}
	 * @param recoveryMillis milliseconds until every partition had all its copies again,
	 * {@code null} until then
	 */
	public record FailoverDescriptor(String at, String nodeId, String nodeAddress, String cause,
			@Nullable Long recoveryMillis) {

		static FailoverDescriptor of(Failover failover) {
			Duration recovery = failover.recovery();
			return new FailoverDescriptor(failover.at().toString(), failover.nodeId().toString(),
					failover.nodeAddress(), failover.cause().tag(), (recovery != null) ? recovery.toMillis() : null);
		}

	}

}
