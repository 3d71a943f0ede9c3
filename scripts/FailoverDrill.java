/*
 * Failover drill: three sample-app processes on loopback, HTTP load with many sessions, then a failure, and a check
 * that every acknowledged update is still in its session. Run through failover-drill.sh.
 *
 * Each simulated user owns one session and sends its requests one after another, round-robin across the nodes;
 * each request appends a unique token to a list in the session and is acknowledged by a 200 answer carrying the
 * list. At the end every user's list is read back and compared with the tokens it had acknowledged.
 *
 * Scenarios: kill (kill -9 one process, later restart it), rolling (SIGTERM each process in turn, restart it, wait
 * for full redundancy), hang (kill -STOP one process, later -CONT). A scenario fails when anything acknowledged is
 * lost, when a surviving node fails a request, and when full redundancy (every node's sessiongrid health UP) is not
 * back within the wait for it.
 *
 * join adds a fourth process under load and is held to the same: nothing lost, and full redundancy on four nodes.
 *
 * double kills two of the three processes at once, more than backups=1 covers, so sessions are lost: that is the
 * point, and "nothing lost" is replaced by what the lost-partition reset policy promises. The loss is reported
 * (health DOWN or the lost-partitions gauge on the survivor), a user whose session was lost gets errors and never a
 * fresh empty session until the reset is counted (sessiongrid.replication.partitions.reset), after the reset delay
 * every user is served again (the lost ones with new sessions), the sessions that had a copy left lose nothing, and
 * full redundancy comes back once the two processes are restarted.
 *
 * A single-file program (java FailoverDrill.java) with nothing on its classpath, so the little JSON it reads (the
 * sample's answers and Actuator health) is parsed by the small reader at the end.
 */

import java.io.File;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

public class FailoverDrill {

	static final int NODES = 3;

	/** The scenario join adds one more instance to the three. */
	static final int MAX_NODES = NODES + 1;

	/** Shifts every port below, so that two drills (or a drill and another build's tests) can run on one machine. */
	static final int PORT_OFFSET = Integer.getInteger("drill.portOffset", 0);

	static final int BASE_HTTP_PORT = Integer.getInteger("drill.httpPort", 8091) + PORT_OFFSET;

	static final int BASE_MANAGEMENT_PORT = Integer.getInteger("drill.managementPort", 18091) + PORT_OFFSET;

	static final int DISCOVERY_PORT = Integer.getInteger("drill.discoveryPort", 47700) + PORT_OFFSET;

	static final int COMMUNICATION_PORT = Integer.getInteger("drill.communicationPort", 47300) + PORT_OFFSET;

	static final int USERS = Integer.getInteger("drill.users", 120);

	static final int THREADS = Integer.getInteger("drill.threads", 24);

	/** Pause of each user between its requests: a person clicking, not a flood that starves the 2-core machine. */
	static final long THINK_MILLIS = Long.getLong("drill.thinkMillis", 500);

	static final Duration DETECTION = Duration.ofSeconds(Integer.getInteger("drill.detectionSeconds", 5));

	final Path jar;

	final Path logs;

	final Process[] processes = new Process[MAX_NODES];

	/** 1 for a node the load must avoid (being failed or restarted): written by the scenario, read by the load. */
	final AtomicIntegerArray down = new AtomicIntegerArray(MAX_NODES);

	/** Instances in the farm, which full redundancy and the read-back count: NODES, MAX_NODES once join adds one. */
	volatile int members = NODES;

	/** For the health probes: one client, not a new one (and its threads) every 200 ms. */
	final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Whether each instance was started before: a second start is a rejoin. */
	final boolean[] started = new boolean[MAX_NODES];

	final List<User> users = new ArrayList<>();

	final AtomicBoolean running = new AtomicBoolean(true);

	final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

	final AtomicLong failedOnSurvivors = new AtomicLong();

	final AtomicLong failedOnDisturbed = new AtomicLong();

	final AtomicLong acknowledged = new AtomicLong();

	final List<String> notes = new CopyOnWriteArrayList<>();

	/** Requests to healthy nodes slower than {@link #SLOW_MILLIS}: when they started, where, how long. */
	final List<String> slow = new CopyOnWriteArrayList<>();

	/** The first failures on surviving nodes, repeated after the result so that a log's tail names them. */
	final List<String> survivorFailures = new CopyOnWriteArrayList<>();

	/** The first acknowledged updates missing at the end, with who acknowledged them and when. */
	final List<String> lostUpdates = new CopyOnWriteArrayList<>();

	/** Which node acknowledged a token, and when (epoch milliseconds). */
	record Acknowledgement(int node, long epochMillis) {
	}

	static final long SLOW_MILLIS = 1000;

	/** Index of the node being failed, whose failed requests are expected; -1 for none. */
	volatile int disturbed = -1;

	/** Slowest acknowledged request to a healthy node, updated by every load thread. */
	final AtomicLong longestStallMillis = new AtomicLong();

	/** What the drill is doing now, to tell the stalls a failure causes from those of the node's return. */
	volatile String phase = "steady";

	final Map<String, Long> longestByPhase = new ConcurrentHashMap<>();

	/** Latencies of acknowledged requests to healthy nodes per phase, for a p99 of each phase besides the run's. */
	final Map<String, List<Long>> latenciesByPhase = new ConcurrentHashMap<>();

	/** Second node being failed at the same time (double), or -1. */
	volatile int alsoDisturbed = -1;

	/** Whether sessions are expected to be lost (double): a user's fresh session is then told from a silent one. */
	volatile boolean lossScenario;

	/** When the survivor was first seen counting a reset of lost partitions (System.nanoTime), 0 until then. */
	volatile long resetSeenAt;

	/** Fresh empty sessions given to users whose session was lost, before any reset was counted: must stay 0. */
	final AtomicLong silentResets = new AtomicLong();

	/** Users whose lost session was replaced by a new one (after the reset), and the acknowledged tokens it held. */
	final AtomicLong sessionsRenewed = new AtomicLong();

	final AtomicLong updatesLostWithSessions = new AtomicLong();

	/** Errors answered before the reset was counted, to requests of users whose session was lost. */
	final AtomicLong errorsBeforeReset = new AtomicLong();

	/** What a scenario measured beyond the common figures, printed with the result. */
	final Map<String, Object> scenarioResult = new ConcurrentHashMap<>();

	/** Extra pass conditions of a scenario, by what they require; all must hold. */
	final Map<String, Boolean> scenarioChecks = new LinkedHashMap<>();

	final long startedAt = System.nanoTime();

	FailoverDrill(Path jar, Path logs) {
		this.jar = jar;
		this.logs = logs;
		// The instance join adds is not there until it has joined.
		for (int node = NODES; node < MAX_NODES; node++) {
			this.down.set(node, 1);
		}
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("usage: FailoverDrill <sample-app.jar> <kill|rolling|hang|double|segment|join> [logs dir]");
			System.exit(2);
		}
		Path logs = Path.of((args.length > 2) ? args[2] : "target/failover-drill");
		Files.createDirectories(logs);
		FailoverDrill drill = new FailoverDrill(Path.of(args[0]), logs);
		int code;
		try {
			code = drill.run(args[1]);
		}
		catch (Exception ex) {
			drill.notes.forEach((note) -> System.out.println("  " + note));
			System.out.println("FAIL " + args[1] + ": " + ex);
			code = 1;
		}
		System.exit(code);
	}

	int run(String scenario) throws Exception {
		try {
			for (int i = 0; i < NODES; i++) {
				start(i);
			}
			for (int i = 0; i < NODES; i++) {
				awaitReady(i, Duration.ofSeconds(240));
			}
			awaitFullRedundancy(Duration.ofSeconds(60));
			for (int u = 0; u < USERS; u++) {
				this.users.add(new User(u));
			}
			ExecutorService pool = Executors.newFixedThreadPool(THREADS, (task) -> {
				Thread thread = new Thread(task);
				thread.setDaemon(true);
				return thread;
			});
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				pool.submit(() -> drive(thread));
			}
			sleep(Duration.ofSeconds(10));
			switch (scenario) {
				case "kill" -> kill();
				case "rolling" -> rolling();
				case "hang" -> hang();
				case "segment" -> segment();
				case "join" -> join();
				case "double" -> doubleKill();
				default -> throw new IllegalArgumentException("unknown scenario " + scenario);
			}
			this.phase = "steady";
			sleep(Duration.ofSeconds(10));
			this.running.set(false);
			pool.shutdown();
			pool.awaitTermination(60, TimeUnit.SECONDS);
			return verify(scenario);
		}
		finally {
			for (Process process : this.processes) {
				if (process != null) {
					process.destroyForcibly();
				}
			}
		}
	}

	// --- scenarios

	void kill() throws Exception {
		int victim = 0;
		this.disturbed = victim;
		note("kill -9 node " + victim);
		this.phase = "failing over";
		this.down.set(victim, 1);
		this.processes[victim].destroyForcibly().waitFor();
		sleep(Duration.ofSeconds(2));
		metrics(1, "2 s after the kill");
		sleep(Duration.ofSeconds(13));
		metrics(1, "15 s after the kill");
		note("restart node " + victim);
		this.phase = "the node rejoins";
		start(victim);
		awaitReady(victim, Duration.ofSeconds(240));
		this.down.set(victim, 0);
		awaitFullRedundancy(Duration.ofSeconds(120));
		metrics(1, "after the restarted node is back");
		this.disturbed = -1;
	}

	void rolling() throws Exception {
		for (int victim = 0; victim < NODES; victim++) {
			this.disturbed = victim;
			note("SIGTERM node " + victim);
			this.phase = "a node leaves";
			this.down.set(victim, 1);
			this.processes[victim].destroy();
			if (!this.processes[victim].waitFor(120, TimeUnit.SECONDS)) {
				note("node " + victim + " did not stop within 120 s of SIGTERM");
				this.processes[victim].destroyForcibly().waitFor();
			}
			note("node " + victim + " stopped; restart");
			this.phase = "the node rejoins";
			start(victim);
			awaitReady(victim, Duration.ofSeconds(240));
			this.down.set(victim, 0);
			awaitFullRedundancy(Duration.ofSeconds(120));
			this.disturbed = -1;
		}
	}

	void hang() throws Exception {
		int victim = 0;
		this.disturbed = victim;
		long pid = this.processes[victim].pid();
		note("kill -STOP node " + victim);
		this.phase = "a node hangs";
		this.down.set(victim, 1);
		signal("STOP", pid);
		sleep(DETECTION.plusSeconds(20));
		note("kill -CONT node " + victim);
		this.phase = "the node resumes and rejoins";
		signal("CONT", pid);
		sleep(Duration.ofSeconds(20));
		// A node thrown out of the cluster while hung comes back segmented: it has stopped its Ignite node and
		// reports DOWN; an orchestrator restarts such an instance, and so do we.
		if (!isReady(victim)) {
			note("node " + victim + " is not ready after SIGCONT (segmented); restart it");
			this.processes[victim].destroyForcibly().waitFor();
			start(victim);
			awaitReady(victim, Duration.ofSeconds(240));
		}
		this.down.set(victim, 0);
		awaitFullRedundancy(Duration.ofSeconds(120));
		this.disturbed = -1;
	}

	void segment() throws Exception {
		int victim = 0;
		this.disturbed = victim;
		Process process = this.processes[victim];
		long pid = process.pid();
		Path log = this.logs.resolve("node-" + victim + ".log");
		note("kill -STOP node " + victim + " for " + DETECTION.plusSeconds(10).toSeconds() + " s, past the detection timeout");
		this.phase = "a node is paused";
		this.down.set(victim, 1);
		signal("STOP", pid);
		sleep(DETECTION.plusSeconds(10));
		note("kill -CONT node " + victim + "; nobody restarts it");
		this.phase = "the node resumes and heals";
		long resumed = System.nanoTime();
		signal("CONT", pid);
		Duration limit = Duration.ofSeconds(60);
		// A health check right after SIGCONT may still read the old node's state: wait for the instance to notice that
		// it was segmented and start a fresh node, then for that node to be ready.
		while (!Files.readString(log).contains("starting a fresh node in this process")) {
			if (System.nanoTime() - resumed > limit.toNanos()) {
				throw new IllegalStateException("node " + victim + " did not start a fresh node within " + limit
						+ " of SIGCONT (was it segmented?), see " + log);
			}
			Thread.sleep(250);
		}
		note("node " + victim + " started a fresh node " + (System.nanoTime() - resumed) / 1_000_000 + " ms after SIGCONT");
		awaitReady(victim, limit.minusNanos(System.nanoTime() - resumed));
		if (!process.isAlive() || this.processes[victim] != process) {
			throw new IllegalStateException("node " + victim + "'s process did not survive, see " + log);
		}
		note("node " + victim + " serves again " + (System.nanoTime() - resumed) / 1_000_000
				+ " ms after SIGCONT, in the same process");
		this.down.set(victim, 0);
		awaitFullRedundancy(Duration.ofSeconds(120));
		this.disturbed = -1;
	}

	void join() throws Exception {
		int joiner = NODES;
		note("start a 4th instance, node " + joiner);
		this.phase = "a node joins";
		// From now on full redundancy means all four nodes UP.
		this.members = MAX_NODES;
		start(joiner);
		awaitReady(joiner, Duration.ofSeconds(240));
		this.down.set(joiner, 0);
		awaitFullRedundancy(Duration.ofSeconds(120));
		metrics(joiner, "after it joined");
	}

	/**
	 * Two of three instances killed at once with backups=1: the partitions whose both copies were on them are lost.
	 * Watches the survivor until the loss was reported, reset, and every user served again, then restarts the two.
	 */
	void doubleKill() throws Exception {
		int survivor = NODES - 1;
		this.lossScenario = true;
		this.disturbed = 0;
		this.alsoDisturbed = 1;
		note("kill -9 nodes 0 and 1 at once");
		this.phase = "failing over";
		this.down.set(0, 1);
		this.down.set(1, 1);
		long killedAt = System.nanoTime();
		this.processes[0].destroyForcibly();
		this.processes[1].destroyForcibly();
		this.processes[0].waitFor();
		this.processes[1].waitFor();
		// Detection, the reset delay (10 s by default) and a margin for a busy 2-core machine: the scenario fails
		// when the loss is never reported, never reset, or some user is still not served after that.
		Duration wait = DETECTION.plusSeconds(10 + 60);
		long deadline = killedAt + wait.toNanos();
		long downSeenAt = 0;
		long servedAgainAt = 0;
		double lostMax = 0;
		while (System.nanoTime() < deadline) {
			if (downSeenAt == 0 && "DOWN".equals(status(survivor))) {
				downSeenAt = System.nanoTime();
				note("survivor health DOWN " + millisSince(killedAt, downSeenAt) + " ms after the kill");
			}
			double lost = meter(survivor, "sessiongrid.replication.partitions.lost");
			if (lost > lostMax) {
				note("survivor reports " + (long) lost + " lost partitions");
				lostMax = lost;
			}
			if (this.resetSeenAt == 0 && meter(survivor, "sessiongrid.replication.partitions.reset") > 0) {
				this.resetSeenAt = System.nanoTime();
				note("survivor counted the reset " + millisSince(killedAt, this.resetSeenAt) + " ms after the kill");
			}
			if (this.resetSeenAt != 0 && allServedSince(killedAt)) {
				servedAgainAt = System.nanoTime();
				break;
			}
			Thread.sleep(200);
		}
		double resets = meter(survivor, "sessiongrid.replication.partitions.reset");
		this.scenarioResult.put("survivor health DOWN after the kill (ms, -1 never)",
				(downSeenAt != 0) ? millisSince(killedAt, downSeenAt) : -1);
		this.scenarioResult.put("lost partitions reported by the survivor (most seen)", (long) lostMax);
		this.scenarioResult.put("reset partitions counted (sessiongrid.replication.partitions.reset)", (long) resets);
		this.scenarioResult.put("reset counted after the kill (ms, -1 never)",
				(this.resetSeenAt != 0) ? millisSince(killedAt, this.resetSeenAt) : -1);
		this.scenarioResult.put("all users served again after the kill (ms, -1 never)",
				(servedAgainAt != 0) ? millisSince(killedAt, servedAgainAt) : -1);
		this.scenarioChecks.put("the loss is reported (health DOWN or lost partitions > 0)", downSeenAt != 0 || lostMax > 0);
		this.scenarioChecks.put("the reset is counted", resets > 0);
		metrics(survivor, "after the reset");
		if (servedAgainAt == 0) {
			throw new IllegalStateException("not every user served again within " + wait + " of the kill (reset "
					+ ((this.resetSeenAt != 0) ? "counted" : "never counted") + ")");
		}
		note("all users served again " + millisSince(killedAt, servedAgainAt) + " ms after the kill; restart nodes 0 and 1");
		this.phase = "the nodes rejoin";
		start(0);
		start(1);
		awaitReady(0, Duration.ofSeconds(240));
		awaitReady(1, Duration.ofSeconds(240));
		this.down.set(0, 0);
		this.down.set(1, 0);
		awaitFullRedundancy(Duration.ofSeconds(120));
		metrics(survivor, "after the restarted nodes are back");
		this.disturbed = -1;
		this.alsoDisturbed = -1;
	}

	/** Whether every user has had a request answered since the instant given, and since its last failed one. */
	boolean allServedSince(long since) {
		for (User user : this.users) {
			long ok = user.lastOkAt;
			if (ok <= since || ok <= user.lastFailedAt) {
				return false;
			}
		}
		return true;
	}

	boolean isDisturbed(int node) {
		return node == this.disturbed || node == this.alsoDisturbed;
	}

	// --- load

	void drive(int thread) {
		while (this.running.get()) {
			boolean stepped = false;
			for (int u = thread; u < USERS && this.running.get(); u += THREADS) {
				User user = this.users.get(u);
				if (System.nanoTime() >= user.nextAt) {
					user.step();
					user.nextAt = System.nanoTime() + THINK_MILLIS * 1_000_000;
					stepped = true;
				}
			}
			if (!stepped) {
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
	}

	final class User {

		final int index;

		final HttpClient client;

		/** The acknowledged tokens, each with the node that acknowledged it and when, named if it is lost. */
		final Map<String, Acknowledgement> acked = new ConcurrentHashMap<>();

		int sequence;

		int next;

		long nextAt;

		/** When a request of this user was last acknowledged, and last failed (System.nanoTime). */
		volatile long lastOkAt;

		volatile long lastFailedAt;

		/** Failed requests to healthy nodes; those of a user whose session was lost are expected (double). */
		long failures;

		boolean renewed;

		User(int index) {
			this.index = index;
			this.client = HttpClient.newBuilder()
				.cookieHandler(new CookieManager())
				.connectTimeout(Duration.ofSeconds(2))
				.build();
			this.next = index % NODES;
		}

		void step() {
			int node = pickNode();
			String token = "u" + this.index + "-" + (++this.sequence);
			long start = System.nanoTime();
			try {
				HttpResponse<String> response = this.client.send(HttpRequest
					.newBuilder(URI.create(base(node) + "/api/drill/tokens?token=" + token))
					// A load balancer gives up on an unresponsive instance quickly; so do we, for the one being failed.
					.timeout(isDisturbed(node) ? Duration.ofSeconds(3) : Duration.ofSeconds(60))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
				long millis = (System.nanoTime() - start) / 1_000_000;
				if (response.statusCode() == 200 && tokens(response.body()).contains(token)) {
					if (FailoverDrill.this.lossScenario && !this.acked.isEmpty() && isNew(response.body())) {
						renew(node);
					}
					this.acked.put(token, new Acknowledgement(node, System.currentTimeMillis()));
					this.lastOkAt = System.nanoTime();
					FailoverDrill.this.acknowledged.incrementAndGet();
					if (!isDisturbed(node)) {
						// What users of the healthy instances see: the stall the failure causes them.
						FailoverDrill.this.latencies.add(millis);
						FailoverDrill.this.longestStallMillis.accumulateAndGet(millis, Math::max);
						FailoverDrill.this.longestByPhase.merge(FailoverDrill.this.phase, millis, Math::max);
						FailoverDrill.this.latenciesByPhase
							.computeIfAbsent(FailoverDrill.this.phase, (key) -> Collections.synchronizedList(new ArrayList<>()))
							.add(millis);
						if (millis >= SLOW_MILLIS) {
							FailoverDrill.this.slow.add(String.format("%tT.%<tL node %d %d ms", System.currentTimeMillis() - millis, node, millis));
						}
					}
				}
				else {
					failed(node, "HTTP " + response.statusCode() + " " + abbreviate(response.body()));
				}
			}
			catch (IOException ex) {
				failed(node, ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		int pickNode() {
			for (int i = 0; i < MAX_NODES; i++) {
				int node = this.next;
				this.next = (this.next + 1) % MAX_NODES;
				if (FailoverDrill.this.down.get(node) == 0) {
					return node;
				}
			}
			return this.next;
		}

		/**
		 * This user's session was lost and the answer came from a new one: fine once the reset was counted, a silent
		 * loss before. The survivor counts the reset just after it happened, so an answer that seems to come first is
		 * given two seconds for the counter to catch up before it is called silent.
		 */
		void renew(int node) {
			if (FailoverDrill.this.resetSeenAt == 0 && !resetCounted(node, Duration.ofSeconds(2))) {
				long count = FailoverDrill.this.silentResets.incrementAndGet();
				if (count <= 5) {
					note("SILENT: user " + this.index + " got a new empty session from node " + node
							+ " before any reset was counted");
				}
			}
			this.renewed = true;
			FailoverDrill.this.sessionsRenewed.incrementAndGet();
			FailoverDrill.this.updatesLostWithSessions.addAndGet(this.acked.size());
			// The new session is the one whose tokens must survive from now on.
			this.acked.clear();
		}

		void failed(int node, String why) {
			if (isDisturbed(node)) {
				FailoverDrill.this.failedOnDisturbed.incrementAndGet();
			}
			else if (FailoverDrill.this.lossScenario && !this.renewed) {
				// An error is what a user whose session was lost must get until the reset; whether this user's
				// session was lost is known at the end (it was renewed), so failures are counted per user here.
				this.lastFailedAt = System.nanoTime();
				this.failures++;
				if (FailoverDrill.this.resetSeenAt == 0) {
					long count = FailoverDrill.this.errorsBeforeReset.incrementAndGet();
					if (count <= 3) {
						note("error before the reset, user " + this.index + " on node " + node + ": " + why);
					}
				}
			}
			else {
				long count = FailoverDrill.this.failedOnSurvivors.incrementAndGet();
				if (count <= 5) {
					FailoverDrill.this.survivorFailures.add(note("failed request on surviving node " + node + ": " + why));
				}
			}
		}

	}

	// --- verification

	int verify(String scenario) throws Exception {
		int sessionsLost = 0;
		long updatesLost = 0;
		for (User user : this.users) {
			if (user.acked.isEmpty()) {
				continue;
			}
			HttpResponse<String> response = null;
			for (int node = 0; node < this.members && response == null; node++) {
				try {
					response = user.client.send(HttpRequest.newBuilder(URI.create(base(node) + "/api/drill/tokens"))
						.timeout(Duration.ofSeconds(30))
						.GET()
						.build(), HttpResponse.BodyHandlers.ofString());
				}
				catch (IOException ex) {
					response = null;
				}
			}
			Map<?, ?> body = (response != null && response.statusCode() == 200) ? object(response.body()) : null;
			if (body == null || Boolean.TRUE.equals(body.get("new"))) {
				sessionsLost++;
				updatesLost += user.acked.size();
				continue;
			}
			List<?> tokens = (body.get("tokens") instanceof List<?> list) ? list : List.of();
			for (Map.Entry<String, Acknowledgement> ack : user.acked.entrySet()) {
				if (!tokens.contains(ack.getKey())) {
					updatesLost++;
					if (this.lostUpdates.size() < 5) {
						this.lostUpdates.add(String.format("token %s, acknowledged at %tT.%<tL by node %d", ack.getKey(),
								ack.getValue().epochMillis(), ack.getValue().node()));
					}
				}
			}
		}
		long[] sorted = this.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		long p99 = (sorted.length > 0) ? sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] : 0;
		long p50 = (sorted.length > 0) ? sorted[sorted.length / 2] : 0;
		if (this.lossScenario) {
			// Errors of users whose session survived are failures like in any other scenario.
			for (User user : this.users) {
				if (!user.renewed) {
					this.failedOnSurvivors.addAndGet(user.failures);
				}
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("scenario", scenario);
		result.put("sessions", this.users.size());
		result.put("acknowledged updates", this.acknowledged.get());
		result.put("sessions lost", sessionsLost);
		result.put("acknowledged updates lost", updatesLost);
		result.put("failed requests on surviving nodes", this.failedOnSurvivors.get());
		result.put("failed requests on the failed node", this.failedOnDisturbed.get());
		result.put("longest stall (ms, slowest acknowledged request to a healthy node)", this.longestStallMillis.get());
		this.longestByPhase.forEach((phase, millis) -> result.put("  longest stall while " + phase + " (ms)", millis));
		result.put("p50 latency (ms)", p50);
		result.put("p99 latency (ms)", p99);
		this.latenciesByPhase.forEach((phase, list) -> result.put("  p99 while " + phase + " (ms)", p99(list)));
		if (this.lossScenario) {
			result.put("sessions lost by the reset (users given a new session)", this.sessionsRenewed.get());
			result.put("acknowledged updates lost with them", this.updatesLostWithSessions.get());
			result.put("users answered with errors before the reset",
					this.users.stream().filter((user) -> user.renewed && user.failures > 0).count());
			result.put("errors answered before the reset", this.errorsBeforeReset.get());
			result.put("silent resets before the reset (new empty session, must be 0)", this.silentResets.get());
			this.scenarioChecks.put("sessions were lost (the scenario shows the loss)", this.sessionsRenewed.get() > 0);
			this.scenarioChecks.put("no silent reset before the reset", this.silentResets.get() == 0);
		}
		new java.util.TreeMap<>(this.scenarioResult).forEach(result::put);
		result.put("scenario duration (s, instances' start included)", (System.nanoTime() - this.startedAt) / 1_000_000_000);
		System.out.println();
		this.notes.forEach((note) -> System.out.println("  " + note));
		System.out.println("  requests to healthy nodes slower than " + SLOW_MILLIS + " ms: " + this.slow.size());
		this.slow.stream().sorted().limit(20).forEach((line) -> System.out.println("    started " + line));
		System.out.println("RESULT " + scenario);
		result.forEach((key, value) -> System.out.printf("  %-75s %s%n", key, value));
		// Losing nothing is required everywhere; a rolling restart must also fail no request at all.
		boolean ok = sessionsLost == 0 && updatesLost == 0 && this.failedOnSurvivors.get() == 0;
		if ("rolling".equals(scenario)) {
			ok &= this.failedOnDisturbed.get() == 0;
		}
		// double: sessions lost with their every copy are the point and read back as new at the end no more (their
		// users were given new sessions); what it requires besides is below.
		for (Map.Entry<String, Boolean> check : this.scenarioChecks.entrySet()) {
			System.out.println("  " + (check.getValue() ? "ok   " : "FAIL ") + check.getKey());
			ok &= check.getValue();
		}
		this.survivorFailures.forEach((line) -> System.out.println("  again: " + line));
		this.lostUpdates.forEach((line) -> System.out.println("  acknowledged update lost: " + line));
		System.out.println(ok ? "PASS " + scenario : "FAIL " + scenario);
		return ok ? 0 : 1;
	}

	// --- processes

	void start(int node) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m"));
		// Extra JVM options for every instance (DRILL_JVM_OPTS) and for an instance started again after a failure
		// (DRILL_REJOIN_JVM_OPTS), e.g. a flight recording or a log level of the joining JVM; {node} is replaced by
		// the instance's index.
		command.addAll(jvmOptions("DRILL_JVM_OPTS", node));
		if (this.started[node]) {
			command.addAll(jvmOptions("DRILL_REJOIN_JVM_OPTS", node));
		}
		this.started[node] = true;
		command.addAll(List.of("-jar", this.jar.toString(),
				"--server.port=" + port(node),
				"--management.server.port=" + managementPort(node),
				"--server.shutdown=graceful",
				"--sample.drill.enabled=true",
				"--sessiongrid.node.discovery-port=" + DISCOVERY_PORT,
				"--sessiongrid.node.communication-port=" + COMMUNICATION_PORT,
				"--sessiongrid.discovery.addresses=127.0.0.1:" + DISCOVERY_PORT + ".." + (DISCOVERY_PORT + 9),
				"--sessiongrid.failover.detection-timeout=" + DETECTION.toSeconds() + "s",
				"--sessiongrid.backups=1"));
		command.addAll(Arrays.asList(System.getProperty("drill.appArgs", "").split(" ")).stream()
			.filter((arg) -> !arg.isBlank()).toList());
		File log = this.logs.resolve("node-" + node + ".log").toFile();
		this.processes[node] = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
			.start();
	}

	static List<String> jvmOptions(String variable, int node) {
		String value = System.getenv().getOrDefault(variable, "");
		return Arrays.stream(value.split(" "))
			.filter((option) -> !option.isBlank())
			.map((option) -> option.replace("{node}", Integer.toString(node)))
			.toList();
	}

	void awaitReady(int node, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (isReady(node)) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("node " + node + " not ready within " + timeout + " (health: " + status(node)
				+ "), see " + this.logs);
	}

	void awaitFullRedundancy(Duration timeout) throws Exception {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			boolean all = true;
			for (int node = 0; node < this.members; node++) {
				all &= isUp(node);
			}
			if (all) {
				note("full redundancy after " + (System.nanoTime() - start) / 1_000_000 + " ms");
				return;
			}
			Thread.sleep(200);
		}
		List<String> statuses = new ArrayList<>();
		for (int node = 0; node < this.members; node++) {
			statuses.add("node " + node + " " + status(node));
		}
		note("full redundancy NOT reached within " + timeout + ": " + statuses);
		throw new IllegalStateException("full redundancy not back within " + timeout);
	}

	/** Whether every partition has all its copies, as the node's sessiongrid health sees it. */
	boolean isUp(int node) {
		return "UP".equals(status(node));
	}

	/**
	 * Whether the node has joined and serves sessions: UP, or DEGRADED while copies are missing or moving. DOWN
	 * (lost partitions, or the node left the cluster) is not ready, nor is a node that does not answer.
	 */
	boolean isReady(int node) {
		String status = status(node);
		return "UP".equals(status) || "DEGRADED".equals(status);
	}

	/** The status of the node's sessiongrid health contributor, or null when the node does not answer it. */
	String status(int node) {
		try {
			HttpResponse<String> response = this.probe.send(HttpRequest
				.newBuilder(URI.create(management(node) + "/actuator/health/sessiongrid"))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
			// DOWN comes with 503 and a body like any other status
			Map<?, ?> health = object(response.body());
			return (health != null && health.get("status") instanceof String status) ? status : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Prints the sessiongrid meters a node exposes to Prometheus, as an operator would see them. */
	void metrics(int node, String when) {
		try {
			HttpResponse<String> response = this.probe.send(HttpRequest
				.newBuilder(URI.create(management(node) + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
			StringBuilder lines = new StringBuilder();
			response.body().lines()
				.filter((line) -> line.startsWith("sessiongrid_") && !line.contains("_bucket")
						&& !line.startsWith("sessiongrid_operations") && !line.startsWith("sessiongrid_session_size"))
				.forEach((line) -> lines.append("\n      ").append(line.replaceAll("\\{cache=\"[^\"]*\",?", "{")));
			note("metrics of node " + node + ", " + when + ":" + lines);
		}
		catch (IOException ex) {
			note("metrics of node " + node + " not readable: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The value of a meter of the node through /actuator/metrics (the sum over its tags), 0 when the meter is not
	 * there yet, -1 when the node does not answer.
	 */
	double meter(int node, String name) {
		try {
			HttpResponse<String> response = this.probe.send(HttpRequest
				.newBuilder(URI.create(management(node) + "/actuator/metrics/" + name))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 404) {
				return 0;
			}
			Map<?, ?> body = object(response.body());
			if (body != null && body.get("measurements") instanceof List<?> measurements && !measurements.isEmpty()
					&& measurements.get(0) instanceof Map<?, ?> first && first.get("value") instanceof Double value) {
				return value;
			}
			return -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** Whether the node counts a reset of lost partitions within the time given. */
	boolean resetCounted(int node, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		do {
			if (meter(node, "sessiongrid.replication.partitions.reset") > 0) {
				return true;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		while (System.nanoTime() < deadline);
		return false;
	}

	// --- helpers

	static long p99(List<Long> latencies) {
		long[] sorted;
		synchronized (latencies) {
			sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		}
		return (sorted.length > 0) ? sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] : 0;
	}

	static long millisSince(long since, long at) {
		return (at - since) / 1_000_000;
	}

	/** Whether a drill answer comes from a session created by this very request. */
	static boolean isNew(String body) {
		Map<?, ?> answer = object(body);
		return answer != null && Boolean.TRUE.equals(answer.get("new"));
	}

	static int port(int node) {
		return BASE_HTTP_PORT + node;
	}

	static String base(int node) {
		return "http://127.0.0.1:" + port(node);
	}

	static int managementPort(int node) {
		return BASE_MANAGEMENT_PORT + node;
	}

	static String management(int node) {
		return "http://127.0.0.1:" + managementPort(node);
	}

	static void signal(String signal, long pid) throws Exception {
		new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
	}

	/** Prints a timed line and keeps it for the scenario's summary; returns the line. */
	String note(String text) {
		String line = String.format("%tT %s", System.currentTimeMillis(), text);
		this.notes.add(line);
		System.out.println(line);
		return line;
	}

	static void sleep(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	/** The JSON object of an answer, or null when it is not one (an HTML error page, a truncated body). */
	static Map<?, ?> object(String body) {
		try {
			return (Json.parse(body) instanceof Map<?, ?> map) ? map : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The tokens of a drill answer ({"new":…,"tokens":[…]}); empty when it has none. */
	static List<?> tokens(String body) {
		Map<?, ?> answer = object(body);
		return (answer != null && answer.get("tokens") instanceof List<?> list) ? list : List.of();
	}

	/**
	 * A reader of JSON text (RFC 8259) into maps, lists, strings, numbers (as {@code Double}), booleans and null:
	 * the drill runs as a single file, without Jackson on its classpath, and reads only small answers.
	 */
	static final class Json {

		private final String text;

		private int at;

		private Json(String text) {
			this.text = text;
		}

		/**
		 * Parses one JSON value that makes up the whole text.
		 * @throws IllegalArgumentException when the text is not JSON
		 */
		static Object parse(String text) {
			Json json = new Json(text);
			Object value = json.value();
			json.skipWhitespace();
			if (json.at != text.length()) {
				throw json.error("end of text");
			}
			return value;
		}

		private Object value() {
			skipWhitespace();
			char c = peek();
			return switch (c) {
				case '{' -> object();
				case '[' -> array();
				case '"' -> string();
				case 't' -> literal("true", Boolean.TRUE);
				case 'f' -> literal("false", Boolean.FALSE);
				case 'n' -> literal("null", null);
				default -> {
					if (c == '-' || (c >= '0' && c <= '9')) {
						yield number();
					}
					throw error("a value");
				}
			};
		}

		private Map<String, Object> object() {
			Map<String, Object> map = new LinkedHashMap<>();
			expect('{');
			skipWhitespace();
			if (peek() == '}') {
				this.at++;
				return map;
			}
			while (true) {
				skipWhitespace();
				String key = string();
				skipWhitespace();
				expect(':');
				map.put(key, value());
				skipWhitespace();
				if (peek() == '}') {
					this.at++;
					return map;
				}
				expect(',');
			}
		}

		private List<Object> array() {
			List<Object> list = new ArrayList<>();
			expect('[');
			skipWhitespace();
			if (peek() == ']') {
				this.at++;
				return list;
			}
			while (true) {
				list.add(value());
				skipWhitespace();
				if (peek() == ']') {
					this.at++;
					return list;
				}
				expect(',');
			}
		}

		private String string() {
			expect('"');
			StringBuilder out = new StringBuilder();
			while (true) {
				char c = next();
				if (c == '"') {
					return out.toString();
				}
				if (c < 0x20) {
					throw error("no control character in a string");
				}
				if (c != '\\') {
					out.append(c);
					continue;
				}
				char escaped = next();
				switch (escaped) {
					case '"', '\\', '/' -> out.append(escaped);
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'u' -> {
						if (this.at + 4 > this.text.length()) {
							throw error("four hex digits");
						}
						try {
							out.append((char) Integer.parseInt(this.text.substring(this.at, this.at + 4), 16));
						}
						catch (NumberFormatException ex) {
							throw error("four hex digits");
						}
						this.at += 4;
					}
					default -> throw error("an escape sequence");
				}
			}
		}

		private Double number() {
			int start = this.at;
			if (peek() == '-') {
				this.at++;
			}
			if (peek() == '0') {
				// no leading zeros: "0" stands alone before a fraction or an exponent
				this.at++;
			}
			else if (!digits()) {
				throw error("a digit");
			}
			if (this.at < this.text.length() && this.text.charAt(this.at) == '.') {
				this.at++;
				if (!digits()) {
					throw error("a digit after the decimal point");
				}
			}
			if (this.at < this.text.length() && (this.text.charAt(this.at) == 'e' || this.text.charAt(this.at) == 'E')) {
				this.at++;
				if (this.at < this.text.length() && (this.text.charAt(this.at) == '+' || this.text.charAt(this.at) == '-')) {
					this.at++;
				}
				if (!digits()) {
					throw error("a digit in the exponent");
				}
			}
			return Double.valueOf(this.text.substring(start, this.at));
		}

		private boolean digits() {
			int start = this.at;
			while (this.at < this.text.length() && this.text.charAt(this.at) >= '0' && this.text.charAt(this.at) <= '9') {
				this.at++;
			}
			return this.at > start;
		}

		private Object literal(String word, Object value) {
			if (!this.text.startsWith(word, this.at)) {
				throw error(word);
			}
			this.at += word.length();
			return value;
		}

		private void skipWhitespace() {
			while (this.at < this.text.length() && " \t\r\n".indexOf(this.text.charAt(this.at)) >= 0) {
				this.at++;
			}
		}

		private void expect(char c) {
			if (next() != c) {
				this.at--;
				throw error("'" + c + "'");
			}
		}

		private char peek() {
			if (this.at >= this.text.length()) {
				throw error("more text");
			}
			return this.text.charAt(this.at);
		}

		private char next() {
			char c = peek();
			this.at++;
			return c;
		}

		private IllegalArgumentException error(String expected) {
			return new IllegalArgumentException("JSON: expected " + expected + " at " + this.at);
		}

	}

}
