package dev.sessiongrid.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import javax.cache.spi.CachingProvider;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps Spring Boot's JCache choice what it was before Sessiongrid was added. Ignite's
 * CachingProvider and {@link IgniteCachingProviderGuard} make at least three JCache
 * providers when the application has one of its own (e.g. Caffeine's or Ehcache's), and
 * Boot uses JCache only when there is exactly one or {@code spring.cache.jcache.provider}
 * names it. So when the application has exactly one provider and named none, this names
 * it, in a property source of the lowest precedence; anything the application sets wins.
 */
public final class JCacheProviderEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROVIDER_PROPERTY = "spring.cache.jcache.provider";

	static final String PROPERTY_SOURCE_NAME = "sessiongridJCacheProvider";

	private static final String IGNITE_PROVIDER = "org.apache.ignite.cache.CachingProvider";

	private static final Log logger = LogFactory.getLog(JCacheProviderEnvironmentPostProcessor.class);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(PROVIDER_PROPERTY)) {
			return;
		}
		List<String> providers = applicationProviders(application.getClassLoader());
		if (providers.size() == 1) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(PROVIDER_PROPERTY, providers.get(0))));
		}
	}

	/**
	 * Returns the JCache providers on the class path other than Ignite's and our guard,
	 * without instantiating any.
	 */
	static List<String> applicationProviders(ClassLoader classLoader) {
		try {
			return ServiceLoader.load(CachingProvider.class, classLoader)
				.stream()
				.map((provider) -> provider.type().getName())
				.filter((name) -> !name.equals(IGNITE_PROVIDER)
						&& !name.equals(IgniteCachingProviderGuard.class.getName()))
				.distinct()
				.toList();
		}
		catch (ServiceConfigurationError ex) {
			// A broken provider registration is the application's to see when it uses
			// JCache; don't guess here.
			logger.debug("Could not list JCache providers", ex);
			return List.of();
		}
	}

	@Override
	public int getOrder() {
		// After the config data post-processor, so that a provider named in
		// application.yml is seen.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
