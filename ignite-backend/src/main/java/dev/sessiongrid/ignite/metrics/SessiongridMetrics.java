package dev.sessiongrid.ignite.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.ignite.cache.CachePeekMode;
import org.jspecify.annotations.Nullable;

import dev.sessiongrid.ignite.replication.Failover;
import dev.sessiongrid.ignite.replication.ReplicationMonitor;
import dev.sessiongrid.ignite.replication.ReplicationState;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.EventKind;
import dev.sessiongrid.ignite.session.SessionRepositoryObserver.Operation;

/**
 * Binds the meters of one Sessiongrid node, each tagged with the sessions cache's name
 * ({@code cache}):
 * <ul>
 * <li>levels read from Ignite when scraped: {@value #SESSIONS}, {@value #CLUSTER_NODES},
 * {@value #COPIES_MIN}, {@value #UNDERREPLICATED_PARTITIONS}, {@value #LOST_PARTITIONS},
 * {@value #REBALANCE_REMAINING};</li>
 * <li>events counted as they happen: {@value #FAILOVERS}, {@value #FAILOVER_RECOVERY} and
 * {@value #LOST_PARTITIONS_RESET} from the {@link ReplicationMonitor},
 * {@value #OPERATIONS}, {@value #SESSION_EVENTS} and {@value #SESSION_SIZE} from the
 * repository.</li>
 * </ul>
 * The first {@link #bindTo} adds this binder as an observer of the repository (next to
 * any other) and a listener of the monitor, and {@link #close} removes it from both;
 * every registry it is bound to gets the same values. Every tag value is registered up
 * front, so dashboards show zeros instead of gaps before the first failover or error.
 * <p>
 * The replication gauges share one reading of the partition map, taken at most once per
 * second by default.
 */
public class SessiongridMetrics implements MeterBinder, AutoCloseable {

	/**
	 * Gauge of the session entries held on this node, tagged
	 * {@code ownership=primary|backup}.
	 */
	public static final String SESSIONS = "sessiongrid.sessions";

	/** Gauge of the live server nodes in the cluster. */
	public static final String CLUSTER_NODES = "sessiongrid.cluster.nodes";

	/** Counter of server node departures, tagged {@code cause=failed|left}. */
	public static final String FAILOVERS = "sessiongrid.failovers";

	/** Gauge of the fewest live copies of any partition. */
	public static final String COPIES_MIN = "sessiongrid.replication.copies.min";

	/** Gauge of the partitions with fewer than {@code backups + 1} live copies. */
	public static final String UNDERREPLICATED_PARTITIONS = "sessiongrid.replication.partitions.underreplicated";

	/** Gauge of the partitions that lost every copy. */
	public static final String LOST_PARTITIONS = "sessiongrid.replication.partitions.lost";

	/**
	 * Counter of lost partitions whose loss was accepted by a reset (automatic or an
	 * operator's), so that their sessions read as absent. Not
	 * {@code ...partitions.lost.reset}: a name under the lost gauge's name would clash in
	 * registries that treat the dots as a hierarchy.
	 */
	public static final String LOST_PARTITIONS_RESET = "sessiongrid.replication.partitions.reset";

	/** Gauge of the partition copies still being rebalanced. */
	public static final String REBALANCE_REMAINING = "sessiongrid.rebalance.partitions.remaining";

	/** Timer from a departure until every partition has all its copies again. */
	public static final String FAILOVER_RECOVERY = "sessiongrid.failover.recovery";

	/**
	 * Timer of repository operations, tagged {@code operation} and
	 * {@code outcome=success|error}.
	 */
	public static final String OPERATIONS = "sessiongrid.operations";

	/**
	 * Counter of session events published by this node, tagged
	 * {@code type=created|deleted|expired}.
	 */
	public static final String SESSION_EVENTS = "sessiongrid.session.events";

	/** Distribution summary of the serialized size of saved sessions. */
	public static final String SESSION_SIZE = "sessiongrid.session.size";

	/**
	 * How long one reading of the partition map serves the replication gauges by default.
	 */
	public static final Duration DEFAULT_STATE_MAX_AGE = Duration.ofSeconds(1);

	private static final String PARTITIONS = "partitions";

	private final IgniteSessionRepository repository;

	private final ReplicationMonitor monitor;

	private final Tags tags;

	private final CachedReplicationState state;

	private final List<BoundMeters> bound = new CopyOnWriteArrayList<>();

	private final AtomicBoolean listening = new AtomicBoolean();

	private final Recorder recorder = new Recorder();

	/**
	 * Creates the binder of a repository and the monitor of its cache.
	 * @param repository the session repository
	 * @param monitor the replication monitor of the repository's cache
	 */
	public SessiongridMetrics(IgniteSessionRepository repository, ReplicationMonitor monitor) {
		this(repository, monitor, Tags.empty());
	}

	/**
	 * Creates the binder of a repository and the monitor of its cache, with extra tags on
	 * every meter.
	 * @param repository the session repository
	 * @param monitor the replication monitor of the repository's cache
	 * @param tags tags added to every meter
	 */
	public SessiongridMetrics(IgniteSessionRepository repository, ReplicationMonitor monitor, Iterable<Tag> tags) {
		this(repository, monitor, tags, DEFAULT_STATE_MAX_AGE);
	}

	/**
	 * Creates the binder of a repository and the monitor of its cache, with extra tags on
	 * every meter.
	 * @param repository the session repository
	 * @param monitor the replication monitor of the repository's cache
	 * @param tags tags added to every meter
	 * @param stateMaxAge how long one reading of the partition map serves the replication
	 * gauges
	 */
	public SessiongridMetrics(IgniteSessionRepository repository, ReplicationMonitor monitor, Iterable<Tag> tags,
			Duration stateMaxAge) {
		String cacheName = repository.getSessionCache().getName();
		if (!cacheName.equals(monitor.getCacheName())) {
			throw new IllegalArgumentException("The monitor watches cache '" + monitor.getCacheName()
					+ "' but the repository stores sessions in '" + cacheName + "'");
		}
		this.repository = repository;
		this.monitor = monitor;
		this.tags = Tags.concat(tags, "cache", cacheName);
		this.state = new CachedReplicationState(monitor, stateMaxAge);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		localSizeGauge(registry, "primary", CachePeekMode.PRIMARY);
		localSizeGauge(registry, "backup", CachePeekMode.BACKUP);
		stateGauge(registry, CLUSTER_NODES, "Live server nodes in the Sessiongrid cluster", "nodes",
				ReplicationState::serverNodes);
		stateGauge(registry, COPIES_MIN,
				"Fewest live copies of any partition of the sessions cache "
						+ "(backups + 1 when fully replicated, 0 when a partition has none)",
				null, ReplicationState::minCopies);
		stateGauge(registry, UNDERREPLICATED_PARTITIONS,
				"Partitions of the sessions cache with fewer than backups + 1 live copies", PARTITIONS,
				ReplicationState::underReplicatedPartitions);
		stateGauge(registry, LOST_PARTITIONS,
				"Partitions of the sessions cache that lost every copy; their sessions fail until reset", PARTITIONS,
				(state) -> state.lostPartitions().size());
		// Counts copies, not partitions, whatever the fixed meter name and unit say: one
		// per partition and node.
		stateGauge(registry, REBALANCE_REMAINING,
				"Partition copies of the sessions cache still being filled on live nodes", PARTITIONS,
				ReplicationState::rebalancingCopies);
		this.bound.add(new BoundMeters(registry, this.tags));
		if (this.listening.compareAndSet(false, true)) {
			this.repository.addObserver(this.recorder);
			this.monitor.addListener(this.recorder);
		}
	}

	/**
	 * Stops hearing the repository and the monitor; the meters keep their last values.
	 * Idempotent.
	 */
	@Override
	public void close() {
		if (this.listening.compareAndSet(true, false)) {
			this.repository.removeObserver(this.recorder);
			this.monitor.removeListener(this.recorder);
		}
	}

	private void localSizeGauge(MeterRegistry registry, String ownership, CachePeekMode mode) {
		Gauge.builder(SESSIONS, this, (metrics) -> metrics.localSize(mode))
			.tags(this.tags)
			.tag("ownership", ownership)
			.description("Session entries held on this node, as primary or backup copies")
			.baseUnit(BaseUnits.SESSIONS)
			.strongReference(true)
			.register(registry);
	}

	private double localSize(CachePeekMode mode) {
		try {
			return this.repository.getSessionCache().localSize(mode);
		}
		catch (RuntimeException ex) {
			// the node stopped: no sessions are held here any more, but say "unknown"
			// rather than 0
			return Double.NaN;
		}
	}

	private void stateGauge(MeterRegistry registry, String name, String description, @Nullable String baseUnit,
			ToDoubleFunction<ReplicationState> value) {
		Gauge.builder(name, this.state, (cached) -> {
			ReplicationState current = cached.get();
			return (current != null) ? value.applyAsDouble(current) : Double.NaN;
		}).tags(this.tags).description(description).baseUnit(baseUnit).strongReference(true).register(registry);
	}

	/**
	 * The event-driven meters of one registry.
	 */
	private static final class BoundMeters {

		private final Map<Failover.Cause, Counter> failovers = new EnumMap<>(Failover.Cause.class);

		private final Timer recovery;

		private final Counter lostPartitionsReset;

		private final Map<Operation, Timer> succeeded = new EnumMap<>(Operation.class);

		private final Map<Operation, Timer> failed = new EnumMap<>(Operation.class);

		private final Map<EventKind, Counter> events = new EnumMap<>(EventKind.class);

		private final DistributionSummary sizes;

		BoundMeters(MeterRegistry registry, Tags tags) {
			for (Failover.Cause cause : Failover.Cause.values()) {
				this.failovers.put(cause, Counter.builder(FAILOVERS)
					.tags(tags)
					.tag("cause", cause.tag())
					.description("Departures of server nodes from the cluster, by cause: their sessions are now "
							+ "served by backup copies")
					.register(registry));
			}
			this.lostPartitionsReset = Counter.builder(LOST_PARTITIONS_RESET)
				.tags(tags)
				.description("Lost partitions of the sessions cache whose loss was accepted by a reset: their "
						+ "sessions are gone and their users start new ones")
				.baseUnit(PARTITIONS)
				.register(registry);
			this.recovery = Timer.builder(FAILOVER_RECOVERY)
				.tags(tags)
				.description("Time from a server node's departure until every partition has backups + 1 copies again")
				.register(registry);
			for (Operation operation : Operation.values()) {
				this.succeeded.put(operation, operationTimer(registry, tags, operation, "success"));
				this.failed.put(operation, operationTimer(registry, tags, operation, "error"));
			}
			for (EventKind kind : EventKind.values()) {
				this.events.put(kind,
						Counter.builder(SESSION_EVENTS)
							.tags(tags)
							.tag("type", kind.tag())
							.description("Session events published by this node (each event is published by one node)")
							.register(registry));
			}
			this.sizes = DistributionSummary.builder(SESSION_SIZE)
				.tags(tags)
				.description("Serialized size of the attributes of each saved session")
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
		}

		private static Timer operationTimer(MeterRegistry registry, Tags tags, Operation operation, String outcome) {
			return Timer.builder(OPERATIONS)
				.tags(tags)
				.tag("operation", operation.tag())
				.tag("outcome", outcome)
				.description("Session repository operations on this node")
				.register(registry);
		}

	}

	/**
	 * Hears the repository and the monitor, and records into every registry bound.
	 */
	private final class Recorder implements SessionRepositoryObserver, ReplicationMonitor.Listener {

		@Override
		public void onOperation(Operation operation, long durationNanos, boolean success) {
			for (BoundMeters meters : SessiongridMetrics.this.bound) {
				(success ? meters.succeeded : meters.failed).get(operation).record(durationNanos, TimeUnit.NANOSECONDS);
			}
		}

		@Override
		public void onSessionSaved(long bytes) {
			for (BoundMeters meters : SessiongridMetrics.this.bound) {
				meters.sizes.record(bytes);
			}
		}

		@Override
		public void onEvent(EventKind type) {
			for (BoundMeters meters : SessiongridMetrics.this.bound) {
				meters.events.get(type).increment();
			}
		}

		@Override
		public void onFailover(Failover failover) {
			for (BoundMeters meters : SessiongridMetrics.this.bound) {
				meters.failovers.get(failover.cause()).increment();
			}
		}

		@Override
		public void onLostPartitionsReset(int partitions) {
			for (BoundMeters meters : SessiongridMetrics.this.bound) {
				meters.lostPartitionsReset.increment(partitions);
			}
		}

		@Override
		public void onRecovered(Failover failover) {
			Duration took = failover.recovery();
			if (took == null) {
				return;
			}
			for (BoundMeters meters : SessiongridMetrics.this.bound) {
				meters.recovery.record(took);
			}
		}

	}

}
