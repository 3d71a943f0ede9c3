package dev.sessiongrid.autoconfigure.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.replication.ReplicationState;

/**
 * Health of the session store as this node sees it:
 * <ul>
 * <li>{@code UP} when every partition of the sessions cache has all its
 * {@code backups + 1} copies;</li>
 * <li>{@link #DEGRADED} while some partition has fewer copies or copies are being
 * rebalanced: every session is still served, but losing another node may lose some;</li>
 * <li>{@code DOWN} when partitions lost every copy (their sessions fail until the lost
 * partitions are reset) or this node is no longer in the cluster.</li>
 * </ul>
 * Details: {@code cache}, {@code nodes}, {@code backups}, {@code minCopies},
 * {@code underReplicatedPartitions}, {@code lostPartitions}, {@code rebalancingCopies},
 * and a {@code reason} whenever the status is not {@code UP}.
 */
public class SessiongridHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Every session is served, but not every partition has all its copies. Answered with
	 * HTTP 200 unless {@code management.endpoint.health.status.http-mapping.degraded}
	 * says otherwise.
	 */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Every session is served, but some partitions have fewer copies than configured");

	private final ReplicationMonitor monitor;

	/**
	 * Creates an indicator reading the given monitor.
	 * @param monitor the replication monitor of the sessions cache
	 */
	public SessiongridHealthIndicator(ReplicationMonitor monitor) {
		super("Replication state of the sessions cache could not be read");
		this.monitor = monitor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ReplicationState state = this.monitor.state();
		builder.withDetail("cache", this.monitor.getCacheName())
			.withDetail("nodes", state.serverNodes())
			.withDetail("backups", state.backups())
			.withDetail("minCopies", state.minCopies())
			.withDetail("underReplicatedPartitions", state.underReplicatedPartitions())
			.withDetail("lostPartitions", state.lostPartitions().size())
			.withDetail("rebalancingCopies", state.rebalancingCopies());
		int copies = state.backups() + 1;
		if (!state.localNodeInCluster()) {
			builder.down().withDetail("reason", "this node is not in the cluster (stopped or disconnected)");
		}
		else if (!state.lostPartitions().isEmpty()) {
			builder.down()
				.withDetail("reason", state.lostPartitions().size() + " partitions lost every copy; their sessions "
						+ "fail until the lost partitions are reset");
		}
		else if (state.serverNodes() < copies) {
			// Not a failure to recover from: the cluster is too small for the configured
			// redundancy.
			builder.status(DEGRADED)
				.withDetail("reason", state.serverNodes() + ((state.serverNodes() == 1) ? " node" : " nodes")
						+ " cannot hold " + copies + " copies of each session");
		}
		else if (state.underReplicatedPartitions() > 0) {
			builder.status(DEGRADED)
				.withDetail("reason",
						state.underReplicatedPartitions() + " partitions have fewer than " + copies + " copies");
		}
		else if (state.rebalancingCopies() > 0) {
			builder.status(DEGRADED)
				.withDetail("reason", state.rebalancingCopies() + " partition copies are being rebalanced");
		}
		else {
			builder.up();
		}
	}

}
