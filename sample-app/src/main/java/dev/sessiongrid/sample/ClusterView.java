package dev.sessiongrid.sample;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.sessiongrid.autoconfigure.SessiongridProperties;

/**
 * What the page shows of the grid: this instance's node, the other nodes, and which of them hold the copies of a
 * session.
 */
@Component
public class ClusterView {

	/** Node attribute with the instance's HTTP port, set by {@link SampleNodeAttributes}. */
	public static final String HTTP_PORT_ATTRIBUTE = "sessiongrid.sample.http-port";

	/** Node attribute in which Ignite publishes every node's instance name. */
	private static final String INSTANCE_NAME_ATTRIBUTE = "org.apache.ignite.ignite.name";

	private final Ignite ignite;

	private final String cacheName;

	public ClusterView(Ignite ignite, SessiongridProperties properties) {
		this.ignite = ignite;
		this.cacheName = properties.getCacheName();
	}

	/**
	 * Returns this instance's node.
	 * @return its name and id
	 */
	public Member localNode() {
		return member(this.ignite.cluster().localNode(), Role.NONE);
	}

	/**
	 * Returns every node of the cluster, oldest first, with the copies of the given session each holds: the primary
	 * serves reads and writes, the backups take over when it leaves.
	 * @param sessionId the session, or {@code null} for none
	 * @return the nodes
	 */
	public List<Member> members(@Nullable String sessionId) {
		List<ClusterNode> copies = (sessionId != null)
				? new ArrayList<>(this.ignite.affinity(this.cacheName).mapKeyToPrimaryAndBackups(sessionId)) : List.of();
		Collection<ClusterNode> nodes = this.ignite.cluster().nodes();
		return nodes.stream()
			.sorted(Comparator.comparingLong(ClusterNode::order))
			.map((node) -> member(node, role(node, copies)))
			.toList();
	}

	private static Role role(ClusterNode node, List<ClusterNode> copies) {
		int index = copies.indexOf(node);
		if (index < 0) {
			return Role.NONE;
		}
		return (index == 0) ? Role.PRIMARY : Role.BACKUP;
	}

	private Member member(ClusterNode node, Role role) {
		Object name = node.attribute(INSTANCE_NAME_ATTRIBUTE);
		Object port = node.attribute(HTTP_PORT_ATTRIBUTE);
		return new Member(node.id(), (name != null) ? name.toString() : "", String.valueOf(node.consistentId()),
				(port != null) ? port.toString() : "", node.isLocal(), role);
	}

	/**
	 * One node of the cluster.
	 * @param id the node's id, new on every start
	 * @param name its Ignite instance name
	 * @param address its discovery address
	 * @param httpPort the HTTP port of the instance it runs in, if known
	 * @param local whether it is this instance's node
	 * @param role the copy of the session it holds
	 */
	public record Member(UUID id, String name, String address, String httpPort, boolean local, Role role) {

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
