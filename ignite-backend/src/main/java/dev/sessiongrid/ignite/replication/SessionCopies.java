package dev.sessiongrid.ignite.replication;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Where the copies of one session are: the partition its id falls in, the node assigned
 * its primary copy and the nodes assigned its backups. Computed from the id alone: it
 * tells where a session with that id is or would be stored, and never reads the session.
 *
 * @param cache the sessions cache's name
 * @param partition the partition the id falls in
 * @param primary the node assigned the primary copy, {@code null} when no server node is
 * in the cluster
 * @param backups the nodes assigned a backup copy, fewer than configured when the cluster
 * has too few nodes
 */
public record SessionCopies(String cache, int partition, @Nullable Copy primary, List<Copy> backups) {

	/**
	 * One copy of a session's partition.
	 *
	 * @param nodeId the id of the node holding it, new at every start of the node
	 * @param name the node's Ignite instance name
	 * @param consistentId the node's consistent id, which stays the same across restarts
	 * @param addresses the node's addresses
	 * @param state the partition's state on that node: {@code owning} when the copy is
	 * complete, {@code moving} while it is being filled, else {@code renting},
	 * {@code evicted} or {@code lost}; {@code unknown} when the local node has not heard
	 * of it yet
	 */
	public record Copy(UUID nodeId, String name, String consistentId, Collection<String> addresses, String state) {
	}

}
