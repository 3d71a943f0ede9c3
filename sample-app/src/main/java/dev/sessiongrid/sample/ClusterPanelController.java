package dev.sessiongrid.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page's live cluster panel shows, as JSON, asked for every second or two by the
 * page's script ({@code cluster-panel.js}): which instance answered, the nodes with their
 * share of the partitions and the copy of the visitor's session each holds, the
 * under-replicated and lost partitions, and the last failover with its recovery time.
 * Behind a load balancer each poll may be answered by another instance; all of them see
 * the same cluster. It never creates a session.
 */
@RestController
class ClusterPanelController {

	private final ClusterView cluster;

	ClusterPanelController(ClusterView cluster) {
		this.cluster = cluster;
	}

	@GetMapping("/api/cluster")
	ResponseEntity<Map<String, Object>> cluster(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		ClusterView.Cluster cluster = this.cluster.cluster((session != null) ? session.getId() : null);
		Map<String, Object> body = new LinkedHashMap<>();
		Map<String, Object> servedBy = new LinkedHashMap<>();
		servedBy.put("port", request.getLocalPort());
		ClusterView.Member node = (cluster != null) ? ClusterView.local(cluster.members()) : null;
		servedBy.put("node", (node != null) ? node.name() : null);
		body.put("servedBy", servedBy);
		if (cluster == null) {
			body.put("error", "the sessiongrid Actuator endpoint of this instance did not answer");
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
		}
		body.put("nodes", cluster.members().stream().map(ClusterPanelController::node).toList());
		body.put("replication", cluster.replication());
		return ResponseEntity.ok(body);
	}

	private static Map<String, Object> node(ClusterView.Member member) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("name", member.name());
		node.put("address", member.address());
		node.put("primaries", member.primaries());
		node.put("backups", member.backups());
		node.put("local", member.local());
		node.put("sessionCopy", switch (member.role()) {
			case PRIMARY -> "primary";
			case BACKUP -> "backup";
			case NONE -> null;
		});
		return node;
	}

}
