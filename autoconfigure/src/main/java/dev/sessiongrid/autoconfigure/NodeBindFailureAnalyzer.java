package dev.sessiongrid.autoconfigure;

import java.net.BindException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a start-up that failed because the embedded node could not listen: its
 * discovery or communication ports are all taken, or its local address is not an address
 * of this machine. Names the property to change.
 * <p>
 * Ignite reports both as messages several causes deep, under a generic "Failed to start
 * manager"; these are the messages of Ignite 2.18's {@code TcpDiscoverySpi} and
 * {@code TcpCommunicationSpi}.
 */
class NodeBindFailureAnalyzer implements FailureAnalyzer {

	/** TcpDiscoverySpi, after trying every port of the range. */
	private static final Pattern DISCOVERY = Pattern.compile(
			"Failed to bind TCP server socket.*\\[firstPort=(?<first>\\d+), lastPort=(?<last>\\d+), addr=(?<addr>[^\\]]*)\\]");

	/**
	 * TcpCommunicationSpi, after trying every port of the range; the BindException says
	 * why.
	 */
	private static final Pattern COMMUNICATION = Pattern.compile(
			"Failed to bind to any port within range \\[startPort=(?<first>\\d+), portRange=(?<range>\\d+), locHost=(?<addr>[^\\]]*)\\]");

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message == null) {
				continue;
			}
			Matcher discovery = DISCOVERY.matcher(message);
			if (discovery.find()) {
				return portsInUse("discovery", discovery.group("first"), discovery.group("last"),
						address(discovery.group("addr")), cause);
			}
			Matcher communication = COMMUNICATION.matcher(message);
			if (communication.find()) {
				String address = address(communication.group("addr"));
				if (isAddressNotLocal(cause)) {
					return addressNotLocal(address, cause);
				}
				int first = Integer.parseInt(communication.group("first"));
				// Ignite tries the range from the first port on, or only the first port
				// for a range of 0.
				int last = first + Math.max(Integer.parseInt(communication.group("range")), 1) - 1;
				return portsInUse("communication", String.valueOf(first), String.valueOf(last), address, cause);
			}
		}
		return null;
	}

	private static FailureAnalysis portsInUse(String protocol, String first, String last, String address,
			Throwable cause) {
		String description = "Sessiongrid's embedded Ignite node could not listen for " + protocol
				+ ": every port from " + first + " to " + last + " on " + address + " is already in use, by other "
				+ "Sessiongrid nodes on this machine or by other programs.";
		String action = "Free one of those ports, or give this node others: set sessiongrid.node." + protocol
				+ "-port (the first port tried) or sessiongrid.node.port-range (how many more are tried; as many "
				+ "as nodes share this machine). If you move the discovery ports, list the new ones in "
				+ "sessiongrid.discovery.addresses on every node, so that the nodes still find each other.";
		return new FailureAnalysis(description, action, cause);
	}

	private static FailureAnalysis addressNotLocal(String address, Throwable cause) {
		String description = "Sessiongrid's embedded Ignite node could not listen on " + address
				+ ": it is not an address of this machine.";
		String action = "Set sessiongrid.node.local-address to an address of this machine: 127.0.0.1 (the "
				+ "default) keeps the cluster on this machine; for a cluster across machines use this machine's "
				+ "address on the network the nodes share.";
		return new FailureAnalysis(description, action, cause);
	}

	private static boolean isAddressNotLocal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException && cause.getMessage() != null
					&& cause.getMessage().contains("Cannot assign requested address")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Ignite prints addresses as InetAddress.toString(), "name/1.2.3.4" or "/1.2.3.4".
	 */
	private static String address(String printed) {
		int slash = printed.indexOf('/');
		return (slash >= 0) ? printed.substring(slash + 1) : printed;
	}

}
