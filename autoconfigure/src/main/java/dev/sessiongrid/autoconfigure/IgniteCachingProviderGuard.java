package dev.sessiongrid.autoconfigure;

import java.net.URI;
import java.util.Properties;

import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

import org.jspecify.annotations.Nullable;

/**
 * A JCache provider that provides nothing, registered as a service so that Ignite's own
 * {@link org.apache.ignite.cache.CachingProvider}, which ignite-core registers, is never
 * the only one on the class path.
 * <p>
 * Why: when exactly one JCache provider is present, Spring Boot's cache
 * auto-configuration uses it for {@code @EnableCaching}, and code calling
 * {@code Caching.getCachingProvider()} gets it. Ignite's provider answers by starting a
 * second Ignite node with Ignite's defaults (all interfaces, its own discovery), next to
 * the one that keeps the sessions. With this guard, an application that did not choose a
 * JCache provider keeps the cache manager it had before adding Sessiongrid;
 * {@link JCacheProviderEnvironmentPostProcessor} restores the provider the application
 * did have. Any use of this provider fails with a message saying how to pick a real one.
 */
public final class IgniteCachingProviderGuard implements CachingProvider {

	private static final URI DEFAULT_URI = URI.create("sessiongrid:no-default-caching-provider");

	@Override
	public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader,
			@Nullable Properties properties) {
		throw new CacheException("No default JCache provider: Sessiongrid registers " + getClass().getName()
				+ " so that Ignite's CachingProvider is never picked by accident (it would start a second Ignite "
				+ "node). Name the provider you want: Caching.getCachingProvider(\"<provider class>\") or, for "
				+ "Spring Boot's cache auto-configuration, spring.cache.jcache.provider=<provider class>.");
	}

	@Override
	public ClassLoader getDefaultClassLoader() {
		return IgniteCachingProviderGuard.class.getClassLoader();
	}

	@Override
	public URI getDefaultURI() {
		return DEFAULT_URI;
	}

	@Override
	public Properties getDefaultProperties() {
		return new Properties();
	}

	@Override
	public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader) {
		return getCacheManager(uri, classLoader, null);
	}

	@Override
	public CacheManager getCacheManager() {
		return getCacheManager(null, null, null);
	}

	@Override
	public void close() {
	}

	@Override
	public void close(@Nullable ClassLoader classLoader) {
	}

	@Override
	public void close(@Nullable URI uri, @Nullable ClassLoader classLoader) {
	}

	@Override
	public boolean isSupported(OptionalFeature optionalFeature) {
		return false;
	}

}
