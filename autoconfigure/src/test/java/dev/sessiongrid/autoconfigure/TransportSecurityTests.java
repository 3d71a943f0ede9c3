package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.Ignition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.node.TlsAdmissionException;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Mutual TLS between nodes from a Spring Boot SSL bundle, with certificates made when the
 * test runs ({@link TestCertificates}): who is admitted, which protocols and ciphers the
 * ports speak, and what a reload of the bundle changes.
 */
class TransportSecurityTests {

	private static final TestCertificates certificates = TestCertificates.get();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withInitializer((context) -> context.setServletContext(null))
		.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class,
				SessiongridSessionAutoConfiguration.class, SessionAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues(TestPorts.AUTOCONFIGURE.properties("sessiongrid.ssl.bundle=nodes"));

	private final WebApplicationContextRunner member1 = node("member-1", "trust-a");

	private final WebApplicationContextRunner member2 = node("member-2", "trust-a");

	@Test
	void membersWithCertificatesOfTheClusterCaShareSessions() {
		this.member1.run((first) -> this.member2.run((second) -> {
			assertThat(first.getBean(Ignite.class).cluster().nodes()).hasSize(2);
			String id = saveSession(first);
			assertThat(second.getBean(IgniteSessionRepository.class).findById(id)).isNotNull();
		}));
	}

	@Test
	void aNodeWithACertificateOfAnotherCaIsNotAdmitted() {
		// it trusts the cluster's CA: only the members' check of its certificate stops it
		assertNotAdmitted(node("newcomer-b", "trust-ab"));
	}

	@Test
	void aNodeWithAnExpiredCertificateIsNotAdmitted() {
		assertNotAdmitted(node("expired", "trust-a"));
	}

	@Test
	void aNodeWithoutACertificateIsNotAdmitted() {
		this.member1.run((member) -> {
			String id = saveSession(member);
			// Sessiongrid refuses such a bundle (below); an Ignite node made by hand gets
			// this far
			SessiongridNodeSettings settings = TestPorts.AUTOCONFIGURE.settings();
			SSLContext trustOnly = context(null, "trust-a", "TLS");
			settings.setSslContextFactory(() -> trustOnly);
			// started by Ignite alone, it is kept out and starts a cluster of its own, or
			// (depending on which of its join attempts sees the refusal first) Ignite
			// itself gives up on the secure connection
			try (Ignite outsider = Ignition.start(SessiongridNodeFactory.configuration(settings))) {
				assertThat(outsider.cluster().nodes()).hasSize(1);
				assertThat(outsider.cacheNames()).doesNotContain("sessiongrid-sessions");
			}
			catch (IgniteException ex) {
				assertThat(ex).hasMessageContaining("secure connection");
			}
			assertThat(member.getBean(Ignite.class).cluster().nodes()).hasSize(1);
			// started as Sessiongrid starts nodes, it does not start at all
			assertThatExceptionOfType(TlsAdmissionException.class)
				.isThrownBy(() -> SessiongridNodeFactory.start(settings))
				.withMessageContaining("refused this node's TLS handshake");
			assertThat(member.getBean(IgniteSessionRepository.class).findById(id)).isNotNull();
		});
	}

	@Test
	void aBundleWithoutAKeyStoreFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(certificates.bundle("nodes", null, "trust-a"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sessiongrid.ssl.bundle")
				.hasMessageContaining("has no key store"));
	}

	@Test
	void aBundleWithoutATrustStoreFailsNamingTheProperty() {
		String prefix = "spring.ssl.bundle.jks.nodes.";
		this.contextRunner
			.withPropertyValues(prefix + "keystore.location=file:" + certificates.store("member-1"),
					prefix + "keystore.password=" + TestCertificates.PASSWORD, prefix + "keystore.type=PKCS12")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sessiongrid.ssl.bundle")
				.hasMessageContaining("has no trust store")
				.hasMessageContaining("public CAs"));
	}

	@Test
	void aProtocolTheJvmLacksFailsNamingTheOption() {
		this.contextRunner
			.withPropertyValues(certificates.bundle("nodes", "member-1", "trust-a", "options.enabled-protocols=TLSv9"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sessiongrid.ssl.bundle")
				.hasMessageContaining("options.enabled-protocols")
				.hasMessageContaining("[TLSv9]"));
	}

	@Test
	void theBundlesProtocolsAndCiphersAreTheOnlyOnesDiscoveryAndCommunicationSpeak() {
		String cipher = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
		String[] options = { "options.enabled-protocols=TLSv1.2", "options.ciphers=" + cipher };
		WebApplicationContextRunner first = node("member-1", "trust-a", options);
		WebApplicationContextRunner second = node("member-2", "trust-a", options);
		first.run((one) -> second.run((two) -> {
			Ignite ignite = one.getBean(Ignite.class);
			// on a starved machine (JVM pauses of seconds) the second node may be
			// replaced once by self-healing before both settle
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(ignite.cluster().nodes()).hasSize(2));
			for (int port : new int[] { TestCluster.discoveryPort(ignite), TestCluster.communicationPort(ignite) }) {
				assertThat(handshake(port, "TLSv1.2", cipher)).isEqualTo("TLSv1.2 " + cipher);
				assertThatExceptionOfType(SSLException.class).as("TLSv1.3 on port %d", port)
					.isThrownBy(() -> handshake(port, "TLSv1.3", "TLS_AES_128_GCM_SHA256"));
				assertThatExceptionOfType(SSLException.class).as("another cipher on port %d", port)
					.isThrownBy(() -> handshake(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
			}
		}));
		// without options, the JVM's defaults
		this.member1.run((member) -> assertThat(
				handshake(TestCluster.discoveryPort(member.getBean(Ignite.class)), "TLSv1.3", "TLS_AES_128_GCM_SHA256"))
			.isEqualTo("TLSv1.3 TLS_AES_128_GCM_SHA256"));
	}

	@Test
	void plaintextToTheTlsPortsIsClosedAndTheClusterKeepsServing() {
		byte[] http = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		this.member1.run((first) -> this.member2.run((second) -> {
			Ignite ignite = first.getBean(Ignite.class);
			for (int port : new int[] { TestCluster.discoveryPort(ignite), TestCluster.communicationPort(ignite) }) {
				try (Socket socket = new Socket("127.0.0.1", port)) {
					socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
					socket.getOutputStream().write(http);
					// the node hangs up (end of stream or a reset), never answers in
					// plaintext
					assertThat(readsToTheEnd(socket)).as("port %d hung up", port).isTrue();
				}
			}
			assertThat(second.getBean(Ignite.class).cluster().nodes()).hasSize(2);
			String id = saveSession(first);
			assertThat(second.getBean(IgniteSessionRepository.class).findById(id)).isNotNull();
		}));
	}

	@Test
	void aReloadedTrustStoreDecidesWhoIsAdmittedOnNewConnections() throws IOException {
		var trustStore = Files.createTempFile("sessiongrid-trust", ".p12");
		Files.copy(certificates.store("trust-a"), trustStore, StandardCopyOption.REPLACE_EXISTING);
		String prefix = "spring.ssl.bundle.jks.nodes.";
		WebApplicationContextRunner reloading = node("member-1", "trust-a", "reload-on-update=true").withPropertyValues(
				prefix + "truststore.location=file:" + trustStore, "spring.ssl.bundle.watch.file.quiet-period=200ms");
		WebApplicationContextRunner newcomer = node("newcomer-b", "trust-ab");
		reloading.run((member) -> {
			newcomer.run((
					refused) -> assertThat(refused).getFailure().rootCause().isInstanceOf(TlsAdmissionException.class));
			CountDownLatch reloaded = new CountDownLatch(1);
			member.getBean(SslBundles.class).addBundleUpdateHandler("nodes", (bundle) -> reloaded.countDown());
			Files.copy(certificates.store("trust-ab"), trustStore, StandardCopyOption.REPLACE_EXISTING);
			assertThat(reloaded.await(30, TimeUnit.SECONDS)).as("bundle reloaded").isTrue();
			newcomer.run((admitted) -> {
				assertThat(admitted).hasNotFailed();
				assertThat(member.getBean(Ignite.class).cluster().nodes()).hasSize(2);
			});
		});
	}

	private static boolean readsToTheEnd(Socket socket) {
		try {
			while (socket.getInputStream().read() >= 0) {
				// a TLS alert at most
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private void assertNotAdmitted(WebApplicationContextRunner outsider) {
		this.member1.run((member) -> {
			String id = saveSession(member);
			outsider.run((refused) -> {
				assertThat(refused).getFailure()
					.rootCause()
					.isInstanceOf(TlsAdmissionException.class)
					.hasMessageContaining("refused this node's TLS handshake");
				assertThat(member.getBean(Ignite.class).cluster().nodes()).hasSize(1);
			});
			assertThat(Ignition.allGrids()).hasSize(1);
			assertThat(member.getBean(IgniteSessionRepository.class).findById(id)).isNotNull();
		});
	}

	private WebApplicationContextRunner node(String keyStore, String trustStore, String... options) {
		return this.contextRunner.withPropertyValues(certificates.bundle("nodes", keyStore, trustStore, options));
	}

	private static String saveSession(AssertableWebApplicationContext context) {
		IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
		IgniteSession session = repository.createSession();
		session.setAttribute("cart", "3 apples");
		repository.save(session);
		return session.getId();
	}

	/**
	 * Opens a TLS connection as a member (with member-2's certificate) offering only the
	 * protocol and cipher.
	 * @return the negotiated protocol and cipher
	 */
	private static String handshake(int port, String protocol, String cipher) throws Exception {
		SSLContext context = context("member-2", "trust-a", protocol);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
			socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
			socket.setEnabledProtocols(new String[] { protocol });
			socket.setEnabledCipherSuites(new String[] { cipher });
			socket.startHandshake();
			return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
		}
	}

	private static SSLContext context(String keyStore, String trustStore, String protocol) throws Exception {
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init((keyStore != null) ? load(keyStore) : null, TestCertificates.PASSWORD.toCharArray());
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(load(trustStore));
		SSLContext context = SSLContext.getInstance(protocol);
		context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
		return context;
	}

	private static KeyStore load(String store) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (var in = Files.newInputStream(certificates.store(store))) {
			keyStore.load(in, TestCertificates.PASSWORD.toCharArray());
		}
		return keyStore;
	}

}
