package dev.sessiongrid.autoconfigure;

import javax.cache.configuration.Factory;
import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;

/**
 * Hands a Spring Boot {@link SslBundle} to Ignite, which asks for a factory of
 * {@link SSLContext}s. Ignite requires a client certificate on every discovery and
 * communication connection it accepts, so a bundle with a key store (this node's
 * certificate) and a trust store (the certificates or CA of the other nodes) gives mutual
 * TLS.
 */
final class SslBundleContextFactory implements Factory<SSLContext> {

	private static final long serialVersionUID = 1L;

	private final String bundleName;

	// Not serializable, and never needs to be: Ignite creates the context on the node
	// that was configured.
	@SuppressWarnings("serial")
	private final SslBundle bundle;

	SslBundleContextFactory(String bundleName, SslBundle bundle) {
		this.bundleName = bundleName;
		this.bundle = bundle;
	}

	@Override
	public SSLContext create() {
		return this.bundle.createSslContext();
	}

	@Override
	public String toString() {
		return "SSL bundle '" + this.bundleName + "'";
	}

}
