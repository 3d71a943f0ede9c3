package dev.sessiongrid.ignite.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.replication.ReplicationState;

import static org.assertj.core.api.Assertions.assertThat;

class CachedReplicationStateTests {

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void partitionMapIsReadOncePerMaxAge() {
		Ignite node = this.cluster.start();
		AtomicInteger reads = new AtomicInteger();
		AtomicLong now = new AtomicLong();
		try (ReplicationMonitor monitor = new ReplicationMonitor(node, "cached", 0) {
			@Override
			public ReplicationState state() {
				reads.incrementAndGet();
				return super.state();
			}
		}) {
			CachedReplicationState cached = new CachedReplicationState(monitor, Duration.ofSeconds(1), now::get);

			ReplicationState first = cached.get();
			now.addAndGet(Duration.ofMillis(999).toNanos());
			assertThat(cached.get()).isSameAs(first);
			assertThat(reads).hasValue(1);

			now.addAndGet(Duration.ofMillis(1).toNanos());
			assertThat(cached.get()).isNotNull().isNotSameAs(first);
			assertThat(reads).hasValue(2);
		}
	}

	@Test
	void stoppedNodeReadsAsUnknownInsteadOfFailing() {
		Ignite node = this.cluster.start();
		try (ReplicationMonitor monitor = new ReplicationMonitor(node, "cached", 0) {
			@Override
			public ReplicationState state() {
				throw new IllegalStateException("Grid is in invalid state to perform this operation");
			}
		}) {
			assertThat(new CachedReplicationState(monitor, Duration.ZERO).get()).isNull();
		}
	}

}
