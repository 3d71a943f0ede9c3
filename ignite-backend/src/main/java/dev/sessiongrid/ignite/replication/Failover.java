package dev.sessiongrid.ignite.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A server node's departure, and how long the cluster took to have every copy again.
 *
 * @param at when the departure was seen
 * @param nodeId the departed node's id
 * @param nodeAddress the departed node's addresses
 * @param cause whether it failed or left in an orderly way
 * @param recovery time until full redundancy was back, {@code null} while it is not
 */
public record Failover(Instant at, UUID nodeId, String nodeAddress, Cause cause, @Nullable Duration recovery) {

	/** Why a node departed: the {@code cause} tag of {@code sessiongrid.failovers}. */
	public enum Cause {

		/** Stopped answering (crash, kill, network): found by failure detection. */
		FAILED("failed"),

		/** Left in an orderly way (shutdown). */
		LEFT("left");

		private final String tag;

		Cause(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

	Failover recovered(Duration took) {
		return new Failover(this.at, this.nodeId, this.nodeAddress, this.cause, took);
	}

}
