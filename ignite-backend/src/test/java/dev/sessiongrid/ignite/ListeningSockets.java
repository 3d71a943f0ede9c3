package dev.sessiongrid.ignite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, as "address:port", read from /proc (Linux): the
 * inodes of the process's socket descriptors matched against the kernel's tables of
 * listening sockets. Shared with the other modules' tests through the test-jar.
 */
public final class ListeningSockets {

	private ListeningSockets() {
	}

	/**
	 * The sockets this JVM listens on.
	 * @return "address:port" of each, IPv4 addresses in dotted form
	 * @throws IOException when /proc cannot be read
	 */
	public static Set<String> ofThisProcess() throws IOException {
		return of(Path.of("/proc/self"));
	}

	/**
	 * The sockets a process of the same user listens on.
	 * @param pid the process id
	 * @return "address:port" of each, IPv4 addresses in dotted form
	 * @throws IOException when /proc cannot be read
	 */
	public static Set<String> ofProcess(long pid) throws IOException {
		return of(Path.of("/proc", Long.toString(pid)));
	}

	private static Set<String> of(Path process) throws IOException {
		Set<String> inodes = new HashSet<>();
		try (var fds = Files.list(process.resolve("fd"))) {
			for (Path fd : fds.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException ex) {
					// descriptor closed while listing
				}
			}
		}
		Set<String> result = new HashSet<>();
		for (String table : List.of("net/tcp", "net/tcp6")) {
			List<String> lines = Files.readAllLines(process.resolve(table));
			for (String line : lines.subList(1, lines.size())) {
				String[] f = line.trim().split("\\s+");
				if ("0A".equals(f[3]) && inodes.contains(f[9])) {
					result.add(address(f[1]));
				}
			}
		}
		return result;
	}

	private static String address(String hex) {
		String[] parts = hex.split(":");
		int port = Integer.parseInt(parts[1], 16);
		String ip = parts[0];
		if (ip.startsWith("0000000000000000FFFF0000")) {
			// an IPv4 address on an IPv6 socket (::ffff:a.b.c.d)
			ip = ip.substring(24);
		}
		if (ip.length() == 8) {
			long v = Long.parseLong(ip, 16);
			return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff) + ":"
					+ port;
		}
		return "[" + ip + "]:" + port;
	}

}
