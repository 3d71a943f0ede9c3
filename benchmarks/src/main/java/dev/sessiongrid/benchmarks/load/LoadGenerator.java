package dev.sessiongrid.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop HTTP load on the benchmark app: {@code users} threads, each sending its
 * next request as soon as the previous one is answered, over keep-alive connections
 * (plain HTTP/1.1 on sockets, so the generator's own cost is small and the same for every
 * store). The sessions are split among the users, so no session is used by two requests
 * at once, as with a browser. Each session keeps the cookie it was given, and each of its
 * requests goes to the next target in turn (round robin per session, no stickiness),
 * which on a farm means every request lands on another instance than the previous one.
 * 80% of requests read the cart, 20% add an item.
 * <p>
 * The run follows a plan of windows, e.g. {@code w10,m5:cold,w15,m8:warm}: load for 10 s
 * unmeasured, measure 5 s as "cold", load 15 s more, measure 8 s as "warm"; a step
 * {@code s30-150} loads until the JIT has settled (see {@link #settle}), at least 30 s
 * and at most 150 s. Each measured window appends one line of {@code key=value} fields to
 * the output file: throughput, p50/p99/max latency (from an HdrHistogram), requests and
 * errors. Exits non-zero when the error rate of any window exceeds
 * {@code --max-error-rate} or no request succeeded, so that a run with a broken store
 * fails instead of reporting a figure.
 * <p>
 * Usage:
 * {@code LoadGenerator --label L --targets 9101[,9102,...] [--users 32] [--sessions 200] [--reads 0.8]
 * --plan PLAN --out FILE [--pids PID[,PID...]]}; with {@code --pids}, each line also
 * gives the CPU time those server processes spent per request in the window
 * ({@code cpu_ms_per_req}), a figure that other load on the machine disturbs far less
 * than throughput.
 */
public final class LoadGenerator {

	private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

	private final int[] ports;

	private final double reads;

	private final Recorder latencies = new Recorder(MAX_LATENCY_MICROS, 3);

	private final LongAdder errors = new LongAdder();

	private volatile boolean running = true;

	private LoadGenerator(int[] ports, double reads) {
		this.ports = ports;
		this.reads = reads;
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = new Arguments(args);
		String label = arguments.get("label", "load");
		int[] ports = List.of(arguments.get("targets", "9101").split(","))
			.stream()
			.mapToInt(Integer::parseInt)
			.toArray();
		int users = Integer.parseInt(arguments.get("users", "32"));
		int sessions = Integer.parseInt(arguments.get("sessions", "200"));
		double reads = Double.parseDouble(arguments.get("reads", "0.8"));
		double maxErrorRate = Double.parseDouble(arguments.get("max-error-rate", "0.001"));
		String plan = arguments.get("plan", "w10,m10:run");
		Path out = Path.of(arguments.get("out", "/dev/stdout"));
		String pidList = arguments.get("pids", "");
		List<Path> stats = pidList.isBlank() ? List.of()
				: List.of(pidList.split(",")).stream().map((pid) -> Path.of("/proc", pid.trim(), "stat")).toList();

		LoadGenerator generator = new LoadGenerator(ports, reads);
		List<Thread> threads = new ArrayList<>();
		for (int u = 0; u < users; u++) {
			List<Session> own = new ArrayList<>();
			for (int s = u; s < sessions; s += users) {
				// sessions start on different instances, so that the farm's load is even
				// from the first request
				own.add(new Session(s % ports.length));
			}
			Thread thread = new Thread(new User(generator, own, u), "user-" + u);
			thread.setDaemon(true);
			threads.add(thread);
		}
		threads.forEach(Thread::start);

		boolean failed = false;
		for (String step : plan.split(",")) {
			char kind = step.charAt(0);
			String[] parts = step.substring(1).split(":");
			if (kind == 's') {
				settle(generator, label, stats, parts[0]);
				continue;
			}
			double seconds = Double.parseDouble(parts[0]);
			if (kind == 'w') {
				sleep(seconds);
				continue;
			}
			String window = (parts.length > 1) ? parts[1] : "run";
			generator.latencies.getIntervalHistogram();
			long errorsBefore = generator.errors.sum();
			long cpuBefore = cpuTicks(stats);
			long start = System.nanoTime();
			sleep(seconds);
			Histogram histogram = generator.latencies.getIntervalHistogram();
			long cpuTicks = cpuTicks(stats) - cpuBefore;
			double elapsed = (System.nanoTime() - start) / 1e9;
			long windowErrors = generator.errors.sum() - errorsBefore;
			long ok = histogram.getTotalCount();
			String line = String.format(Locale.ROOT,
					"label=%s window=%s targets=%d users=%d sessions=%d seconds=%.1f requests=%d errors=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f",
					label, window, ports.length, users, sessions, elapsed, ok, windowErrors, ok / elapsed,
					histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
					histogram.getMaxValue() / 1000.0);
			if (!stats.isEmpty() && ok > 0) {
				// the servers' CPU per request: what a request costs, whatever else the
				// machine runs meanwhile
				line += String.format(Locale.ROOT, " cpu_ms_per_req=%.3f", cpuTicks * 1000.0 / CLOCK_TICKS / ok);
			}
			System.out.println(line);
			Files.writeString(out, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			if (ok == 0 || (double) windowErrors / (ok + windowErrors) > maxErrorRate) {
				System.err.printf("FAILED %s %s: %d errors, %d good responses (allowed error rate %.4f)%n", label,
						window, windowErrors, ok, maxErrorRate);
				failed = true;
			}
		}
		generator.running = false;
		System.exit(failed ? 3 : 0);
	}

	/**
	 * Runs a plan step {@code sMIN-MAX}: load until the JIT has settled, by one rule for
	 * every store, checked every {@value #SETTLE_STEP_SECONDS} s: the servers' JIT
	 * compiler threads took under {@value #SETTLE_COMPILER_SHARE} of their CPU in the
	 * last step, and the cost per request (the servers' CPU per request with
	 * {@code --pids}, else the time per request) is within {@value #SETTLE_TOLERANCE} of
	 * two steps before, or the compilers took under {@value #SETTLE_JIT_IDLE} in each of
	 * the last two steps; at least MIN and at most MAX seconds. The JIT works in steps,
	 * so that a cost that holds still for one step alone is no sign: on a farm of three
	 * it held for 10 s at 5,700 req/s, then rose to 8,500. Prints how long it took, for
	 * the log.
	 */
	private static void settle(LoadGenerator generator, String label, List<Path> stats, String range) throws Exception {
		String[] bounds = range.split("-");
		double min = Double.parseDouble(bounds[0]);
		double max = Double.parseDouble(bounds[bounds.length - 1]);
		long start = System.nanoTime();
		List<Double> costs = new ArrayList<>();
		double change = Double.NaN;
		double compilerShare = Double.NaN;
		double previousCompilerShare = Double.NaN;
		while (true) {
			double spent = (System.nanoTime() - start) / 1e9;
			boolean jitIdle = compilerShare < SETTLE_JIT_IDLE && previousCompilerShare < SETTLE_JIT_IDLE;
			boolean settled = stats.isEmpty() ? change < SETTLE_TOLERANCE
					: compilerShare < SETTLE_COMPILER_SHARE && (change < SETTLE_TOLERANCE || jitIdle);
			if (spent >= max || (spent >= min && settled)) {
				System.out.printf(Locale.ROOT,
						"label=%s settle_s=%.0f settled=%s last_change=%.3f compiler_share=%.3f%n", label, spent,
						settled, change, compilerShare);
				return;
			}
			generator.latencies.getIntervalHistogram();
			long cpuBefore = cpuTicks(stats);
			long compilerBefore = compilerTicks(stats);
			long stepStart = System.nanoTime();
			sleep(Math.min(SETTLE_STEP_SECONDS, Math.max(1, max - spent)));
			long responses = generator.latencies.getIntervalHistogram().getTotalCount();
			long cpu = cpuTicks(stats) - cpuBefore;
			previousCompilerShare = compilerShare;
			compilerShare = (double) (compilerTicks(stats) - compilerBefore) / Math.max(1, cpu);
			costs.add(stats.isEmpty() ? (System.nanoTime() - stepStart) / 1e6 / Math.max(1, responses)
					: cpu * 1000.0 / CLOCK_TICKS / Math.max(1, responses));
			int last = costs.size() - 1;
			change = (last < 2) ? Double.NaN : Math.abs(costs.get(last) - costs.get(last - 2)) / costs.get(last - 2);
		}
	}

	/**
	 * CPU time of the JIT compiler threads (HotSpot's {@code C1 CompilerThread} and
	 * {@code C2 CompilerThread}) of the given processes so far, in clock ticks; 0 for a
	 * process that has none (Redis, PostgreSQL).
	 */
	private static long compilerTicks(List<Path> stats) throws IOException {
		long ticks = 0;
		for (Path stat : stats) {
			Path tasks = stat.resolveSibling("task");
			if (!Files.isDirectory(tasks)) {
				continue;
			}
			try (var threads = Files.list(tasks)) {
				for (Path thread : threads.toList()) {
					String text;
					try {
						text = Files.readString(thread.resolve("stat"));
					}
					catch (NoSuchFileException ex) {
						continue;
					}
					String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
					if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
						ticks += ticks(text);
					}
				}
			}
			catch (NoSuchFileException ex) {
				// the process ended
			}
		}
		return ticks;
	}

	/** Length of one step of a settle, in seconds. */
	private static final double SETTLE_STEP_SECONDS = 10;

	/**
	 * Largest relative change of the cost per request over two steps of a settled JIT.
	 */
	private static final double SETTLE_TOLERANCE = 0.05;

	/**
	 * Largest share of the servers' CPU their JIT compilers may take in a settled step.
	 */
	private static final double SETTLE_COMPILER_SHARE = 0.06;

	/**
	 * Share of the servers' CPU below which their JIT compilers count as idle: two such
	 * steps in a row settle the JIT even if the cost per request still moves by more than
	 * {@link #SETTLE_TOLERANCE}, as PostgreSQL's does from step to step (measured: JDBC's
	 * one instance ran to the 150 s limit with its compilers at 0.2% and its cost moving
	 * 20%), since then what moves the cost is not the JIT.
	 */
	private static final double SETTLE_JIT_IDLE = 0.01;

	/** Linux's USER_HZ, the unit of the CPU times in {@code /proc/<pid>/stat}. */
	private static final int CLOCK_TICKS = 100;

	/**
	 * User plus system CPU time of the given processes so far, in clock ticks
	 * ({@link #ticks}).
	 */
	private static long cpuTicks(List<Path> stats) throws IOException {
		long ticks = 0;
		for (Path stat : stats) {
			String text;
			try {
				text = Files.readString(stat);
			}
			catch (NoSuchFileException ex) {
				// a PostgreSQL backend that ended: its time is not counted
				continue;
			}
			ticks += ticks(text);
		}
		return ticks;
	}

	/**
	 * User plus system CPU time in one {@code stat} file of {@code /proc} (a process's or
	 * a thread's), in clock ticks: fields 14 and 15, counted after the command name's
	 * closing parenthesis since the name may hold spaces.
	 */
	private static long ticks(String statText) {
		String[] fields = statText.substring(statText.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static void sleep(double seconds) throws InterruptedException {
		Thread.sleep((long) (seconds * 1000));
	}

	/**
	 * One session as a browser keeps it: its cookie and the instance its next request
	 * goes to.
	 */
	private static final class Session {

		private String cookie;

		private int next;

		Session(int first) {
			this.next = first;
		}

	}

	/**
	 * A closed-loop user: one keep-alive connection per instance, its own sessions in
	 * turn.
	 */
	private static final class User implements Runnable {

		private final LoadGenerator generator;

		private final List<Session> sessions;

		private final Connection[] connections;

		private final SplittableRandom random;

		User(LoadGenerator generator, List<Session> sessions, int seed) {
			this.generator = generator;
			this.sessions = sessions;
			this.connections = new Connection[generator.ports.length];
			this.random = new SplittableRandom(seed);
		}

		@Override
		public void run() {
			int i = 0;
			while (this.generator.running && !this.sessions.isEmpty()) {
				Session session = this.sessions.get(i++ % this.sessions.size());
				int target = session.next;
				session.next = (target + 1) % this.connections.length;
				// the first request of a session creates it, and is always a read
				boolean add = session.cookie != null && this.random.nextDouble() >= this.generator.reads;
				long start = System.nanoTime();
				try {
					Connection connection = connection(target);
					String cookie = connection.exchange(add, session.cookie);
					if (cookie != null) {
						session.cookie = cookie;
					}
					if (connection.closing) {
						close(target);
					}
					long micros = (System.nanoTime() - start) / 1000;
					this.generator.latencies.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
				}
				catch (IOException ex) {
					this.generator.errors.increment();
					close(target);
					if (this.generator.errors.sum() < 20) {
						System.err.println("request to " + this.generator.ports[target] + " failed: " + ex);
					}
					pause();
				}
			}
		}

		private Connection connection(int target) throws IOException {
			Connection connection = this.connections[target];
			if (connection == null) {
				connection = new Connection(this.generator.ports[target]);
				this.connections[target] = connection;
			}
			return connection;
		}

		private void close(int target) {
			Connection connection = this.connections[target];
			this.connections[target] = null;
			if (connection != null) {
				connection.close();
			}
		}

		/**
		 * A refused connection fails in microseconds; without a pause, errors would crowd
		 * out the figures.
		 */
		private static void pause() {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * One keep-alive HTTP/1.1 connection: writes a request, reads the status, headers and
	 * body of the answer.
	 */
	private static final class Connection {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private final byte[] read;

		private final byte[] add;

		private final StringBuilder line = new StringBuilder(128);

		/**
		 * Whether the server announced it closes the connection after this answer (a new
		 * one follows).
		 */
		boolean closing;

		Connection(int port) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout(30_000);
			this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
			this.out = this.socket.getOutputStream();
			String host = "Host: 127.0.0.1:" + port + "\r\n";
			this.read = ("GET /cart HTTP/1.1\r\n" + host).getBytes(StandardCharsets.US_ASCII);
			this.add = ("POST /cart HTTP/1.1\r\n" + host + "Content-Length: 0\r\n").getBytes(StandardCharsets.US_ASCII);
		}

		/** Returns the session cookie the answer set, if it set one. */
		String exchange(boolean add, String cookie) throws IOException {
			StringBuilder request = new StringBuilder(96);
			if (cookie != null) {
				request.append("Cookie: SESSION=").append(cookie).append("\r\n");
			}
			request.append("\r\n");
			this.out.write(add ? this.add : this.read);
			this.out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			this.out.flush();

			String status = readLine();
			if (status.length() < 12 || !status.startsWith("HTTP/1.1 200")) {
				throw new IOException("unexpected answer: " + status);
			}
			String newCookie = null;
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = readLine(); !header.isEmpty(); header = readLine()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(header.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
				else if (lower.startsWith("set-cookie: session=")) {
					int end = header.indexOf(';');
					newCookie = header.substring(20, (end < 0) ? header.length() : end);
				}
			}
			if (chunked) {
				for (long size = Long.parseLong(readLine().trim(), 16); size > 0; size = Long
					.parseLong(readLine().trim(), 16)) {
					skip(size);
					readLine();
				}
				readLine();
			}
			else if (length >= 0) {
				skip(length);
			}
			else {
				throw new IOException("answer without length");
			}
			this.closing = close;
			return newCookie;
		}

		private void skip(long bytes) throws IOException {
			for (long i = 0; i < bytes; i++) {
				if (this.in.read() < 0) {
					throw new IOException("connection closed in the body");
				}
			}
		}

		private String readLine() throws IOException {
			this.line.setLength(0);
			for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
				if (c < 0) {
					throw new IOException("connection closed");
				}
				if (c != '\r') {
					this.line.append((char) c);
				}
			}
			return this.line.toString();
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// already broken; a new connection follows
			}
		}

	}

	/** {@code --name value} pairs. */
	private static final class Arguments {

		private final String[] args;

		Arguments(String[] args) {
			this.args = args;
		}

		String get(String name, String fallback) {
			for (int i = 0; i + 1 < this.args.length; i++) {
				if (this.args[i].equals("--" + name)) {
					return this.args[i + 1];
				}
			}
			return fallback;
		}

	}

}
