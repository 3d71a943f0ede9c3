package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made when the tests run, with the JDK's {@code keytool}: two CAs,
 * {@code a} (the cluster's) and {@code b} (another one), node certificates signed by
 * them, one of them expired, and trust stores of one or both CAs. Every store is PKCS12
 * with the password {@value #PASSWORD}. Made once per JVM, in a temporary directory.
 */
final class TestCertificates {

	static final String PASSWORD = "sessiongrid";

	private static TestCertificates instance;

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * The certificates, made on first use: CA {@code a} signs {@code member-1},
	 * {@code member-2}, {@code newcomer-b} is signed by CA {@code b}, {@code expired} by
	 * {@code a} and expired yesterday; trust stores {@code trust-a}, {@code trust-b} and
	 * {@code trust-ab}.
	 * @return the certificates
	 */
	static synchronized TestCertificates get() {
		if (instance == null) {
			try {
				Path directory = Files.createTempDirectory("sessiongrid-certs");
				TestCertificates certificates = new TestCertificates(directory);
				certificates.ca("a");
				certificates.ca("b");
				certificates.node("member-1", "a", false);
				certificates.node("member-2", "a", false);
				certificates.node("newcomer-b", "b", false);
				certificates.node("expired", "a", true);
				certificates.trustStore("trust-a", "a");
				certificates.trustStore("trust-b", "b");
				certificates.trustStore("trust-ab", "a", "b");
				instance = certificates;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return instance;
	}

	/**
	 * A PKCS12 store made by {@link #get()}.
	 * @param name e.g. {@code member-1} or {@code trust-a}
	 * @return its file
	 */
	Path store(String name) {
		return this.directory.resolve(name + ".p12");
	}

	/**
	 * Properties of a JKS-type Spring Boot SSL bundle over two of the stores.
	 * @param bundle the bundle's name
	 * @param keyStore a node store, or {@code null} for a bundle without a key store
	 * @param trustStore a trust store
	 * @param more further bundle properties, relative to the bundle, e.g.
	 * {@code reload-on-update=true}
	 * @return {@code name=value} assignments
	 */
	String[] bundle(String bundle, String keyStore, String trustStore, String... more) {
		String prefix = "spring.ssl.bundle.jks." + bundle + ".";
		List<String> properties = new ArrayList<>();
		if (keyStore != null) {
			properties.add(prefix + "keystore.location=file:" + store(keyStore));
			properties.add(prefix + "keystore.password=" + PASSWORD);
			properties.add(prefix + "keystore.type=PKCS12");
		}
		properties.add(prefix + "truststore.location=file:" + store(trustStore));
		properties.add(prefix + "truststore.password=" + PASSWORD);
		properties.add(prefix + "truststore.type=PKCS12");
		for (String property : more) {
			properties.add(prefix + property);
		}
		return properties.toArray(String[]::new);
	}

	private void ca(String name) {
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ca-" + name,
				"-ext", "bc:c", "-validity", "3650", "-keystore", path("ca-" + name + ".p12"));
		keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", path("ca-" + name + ".p12"), "-file",
				path("ca-" + name + ".crt"));
	}

	private void node(String name, String ca, boolean expired) {
		String store = path(name + ".p12");
		keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
				"-validity", "3650", "-keystore", store);
		keytool("-certreq", "-alias", "node", "-keystore", store, "-file", path(name + ".csr"));
		List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", path("ca-" + ca + ".p12"),
				"-infile", path(name + ".csr"), "-outfile", path(name + ".crt"), "-rfc"));
		// valid from ten days ago to yesterday, or for ten years
		sign.addAll(expired ? List.of("-startdate", "-10d", "-validity", "9") : List.of("-validity", "3650"));
		keytool(sign.toArray(String[]::new));
		keytool("-importcert", "-noprompt", "-alias", "ca", "-file", path("ca-" + ca + ".crt"), "-keystore", store);
		keytool("-importcert", "-noprompt", "-alias", "node", "-file", path(name + ".crt"), "-keystore", store);
	}

	private void trustStore(String name, String... cas) {
		for (String ca : cas) {
			keytool("-importcert", "-noprompt", "-alias", "ca-" + ca, "-file", path("ca-" + ca + ".crt"), "-keystore",
					path(name + ".p12"));
		}
	}

	private String path(String file) {
		return this.directory.resolve(file).toString();
	}

	private static void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		if (List.of(arguments).contains("-gencert") || List.of(arguments).contains("-certreq")
				|| List.of(arguments).contains("-genkeypair")) {
			command.addAll(List.of("-keypass", PASSWORD));
		}
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + command + "\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
