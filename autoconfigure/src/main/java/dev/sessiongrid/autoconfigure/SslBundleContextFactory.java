package dev.sessiongrid.autoconfigure;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import javax.cache.configuration.Factory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.ignite.ssl.SSLContextWrapper;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Hands a Spring Boot {@link SslBundle} to Ignite, which asks for a factory of
 * {@link SSLContext}s. Ignite requires a client certificate on every discovery and
 * communication connection it accepts, so a bundle with a key store (this node's
 * certificate) and a trust store (the certificates or CA of the other nodes) gives mutual
 * TLS.
 * <p>
 * Everything of the bundle applies: its protocol, its key and trust material, and its
 * options ({@code enabled-protocols}, {@code ciphers}) on every socket and engine Ignite
 * opens, on both sides of discovery and communication.
 * <p>
 * <b>Reload.</b> Ignite asks for a context when its SPIs start and binds its server
 * sockets once, so the context handed out is one that consults the bundle's key and trust
 * material as they are now on every handshake: after {@link #reload} (Boot's
 * {@code reload-on-update}) new connections present the new certificate and check peers
 * against the new trust store; TLS sessions cached for resumption are dropped so that no
 * connection skips that check. The options are read when the node starts: a changed list
 * of protocols or ciphers takes effect with the next node start.
 */
final class SslBundleContextFactory implements Factory<SSLContext> {

	private static final long serialVersionUID = 1L;

	private final String bundleName;

	// Not serializable, and never needs to be: Ignite creates the context on the node
	// that was configured.
	@SuppressWarnings("serial")
	private volatile Material material;

	@SuppressWarnings("serial")
	private volatile @Nullable SSLContext context;

	SslBundleContextFactory(String bundleName, SslBundle bundle) {
		this.bundleName = bundleName;
		this.material = Material.of(bundleName, bundle);
	}

	@Override
	public SSLContext create() {
		SSLContext created = this.context;
		if (created != null) {
			return created;
		}
		synchronized (this) {
			if (this.context == null) {
				this.context = newContext(this.material.bundle);
			}
			return this.context;
		}
	}

	/**
	 * Takes the bundle's new key and trust material for every handshake from now on.
	 * @param bundle the bundle as reloaded
	 */
	void reload(SslBundle bundle) {
		this.material = Material.of(this.bundleName, bundle);
		SSLContext current = this.context;
		if (current != null) {
			invalidate(current.getServerSessionContext());
			invalidate(current.getClientSessionContext());
		}
	}

	private SSLContext newContext(SslBundle bundle) {
		try {
			SSLContext plain = SSLContext.getInstance(bundle.getProtocol());
			plain.init(new KeyManager[] { new CurrentKeyManager() }, new TrustManager[] { new CurrentTrustManager() },
					null);
			SSLParameters parameters = parameters(bundle.getOptions());
			if (parameters == null) {
				return plain;
			}
			checkSupported(plain.getSupportedSSLParameters(), parameters);
			// Ignite's own wrapper applies the parameters to every socket, server socket
			// and engine the context makes.
			return new SSLContextWrapper(plain, parameters);
		}
		catch (GeneralSecurityException ex) {
			throw new InvalidConfigurationPropertyValueException("sessiongrid.ssl.bundle", this.bundleName,
					"SSL bundle '" + this.bundleName + "' cannot make a TLS context: " + ex.getMessage());
		}
	}

	private static @Nullable SSLParameters parameters(SslOptions options) {
		if (!options.isSpecified()) {
			return null;
		}
		SSLParameters parameters = new SSLParameters();
		parameters.setProtocols(options.getEnabledProtocols());
		parameters.setCipherSuites(options.getCiphers());
		// Ignite sets it on the sockets it accepts as well; a client side ignores it.
		parameters.setNeedClientAuth(true);
		return parameters;
	}

	private void checkSupported(SSLParameters supported, SSLParameters wanted) {
		check("enabled-protocols", supported.getProtocols(), wanted.getProtocols());
		check("ciphers", supported.getCipherSuites(), wanted.getCipherSuites());
	}

	private void check(String option, String[] supported, String @Nullable [] wanted) {
		if (wanted == null) {
			return;
		}
		Set<String> known = Set.of(supported);
		List<String> unknown = Arrays.stream(wanted).filter((name) -> !known.contains(name)).toList();
		if (!unknown.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("sessiongrid.ssl.bundle", this.bundleName,
					"SSL bundle '" + this.bundleName + "' enables " + unknown + " in spring.ssl.bundle.*."
							+ this.bundleName + ".options." + option + ", which this JVM does not support; supported: "
							+ String.join(", ", supported) + ".");
		}
	}

	private static void invalidate(SSLSessionContext sessions) {
		for (byte[] id : Collections.list(sessions.getIds())) {
			javax.net.ssl.SSLSession session = sessions.getSession(id);
			if (session != null) {
				session.invalidate();
			}
		}
	}

	@Override
	public String toString() {
		return "SSL bundle '" + this.bundleName + "'";
	}

	/**
	 * The bundle and its managers, made once per load: Boot's bundles build new manager
	 * factories on every call.
	 */
	private record Material(SslBundle bundle, @Nullable X509ExtendedKeyManager keyManager,
			X509ExtendedTrustManager trustManager) {

		static Material of(String name, SslBundle bundle) {
			// A bundle without a trust store trusts the JVM's public CAs: anyone with a
			// certificate from one of them would be a member.
			if (bundle.getStores().getTrustStore() == null) {
				throw new InvalidConfigurationPropertyValueException("sessiongrid.ssl.bundle", name,
						"SSL bundle '" + name + "' has no trust store; give it one (spring.ssl.bundle.*." + name
								+ ".truststore) with only the certificates or the CA of the other nodes, or the "
								+ "JVM's public CAs would be trusted.");
			}
			if (bundle.getStores().getKeyStore() == null) {
				throw new InvalidConfigurationPropertyValueException("sessiongrid.ssl.bundle", name,
						"SSL bundle '" + name + "' has no key store; give it one (spring.ssl.bundle.*." + name
								+ ".keystore) with this node's key and certificate: every node must present one.");
			}
			X509ExtendedKeyManager keyManager = first(bundle.getManagers().getKeyManagers(),
					X509ExtendedKeyManager.class);
			X509ExtendedTrustManager trustManager = first(bundle.getManagers().getTrustManagers(),
					X509ExtendedTrustManager.class);
			if (trustManager == null) {
				throw new InvalidConfigurationPropertyValueException("sessiongrid.ssl.bundle", name,
						"SSL bundle '" + name + "' has no X.509 trust manager; give it a trust store with the "
								+ "certificates or the CA of the other nodes.");
			}
			return new Material(bundle, keyManager, trustManager);
		}

		private static <T> @Nullable T first(Object @Nullable [] managers, Class<T> type) {
			if (managers == null) {
				return null;
			}
			return Arrays.stream(managers).filter(type::isInstance).map(type::cast).findFirst().orElse(null);
		}

	}

	/**
	 * This node's certificate as the bundle holds it now; none when the bundle has no key
	 * store, which every node refuses.
	 */
	private final class CurrentKeyManager extends X509ExtendedKeyManager {

		private @Nullable X509ExtendedKeyManager current() {
			return SslBundleContextFactory.this.material.keyManager;
		}

		@Override
		public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.getClientAliases(keyType, issuers) : null;
		}

		@Override
		public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers,
				@Nullable Socket socket) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.chooseClientAlias(keyType, issuers, socket) : null;
		}

		@Override
		public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.getServerAliases(keyType, issuers) : null;
		}

		@Override
		public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers,
				@Nullable Socket socket) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.chooseServerAlias(keyType, issuers, socket) : null;
		}

		@Override
		public X509Certificate @Nullable [] getCertificateChain(String alias) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.getCertificateChain(alias) : null;
		}

		@Override
		public @Nullable PrivateKey getPrivateKey(String alias) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.getPrivateKey(alias) : null;
		}

		@Override
		public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers,
				@Nullable SSLEngine engine) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.chooseEngineClientAlias(keyType, issuers, engine) : null;
		}

		@Override
		public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
				@Nullable SSLEngine engine) {
			X509ExtendedKeyManager current = current();
			return (current != null) ? current.chooseEngineServerAlias(keyType, issuers, engine) : null;
		}

	}

	/** The certificates the bundle trusts now. */
	private final class CurrentTrustManager extends X509ExtendedTrustManager {

		private X509ExtendedTrustManager current() {
			return SslBundleContextFactory.this.material.trustManager;
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			current().checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			current().checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			current().checkClientTrusted(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			current().checkServerTrusted(chain, authType, engine);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			current().checkClientTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			current().checkServerTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return current().getAcceptedIssuers();
		}

	}

}
