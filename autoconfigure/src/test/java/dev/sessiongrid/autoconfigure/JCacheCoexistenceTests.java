package dev.sessiongrid.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import javax.cache.CacheException;
import javax.cache.Caching;

import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Ignite registers itself as a JCache provider. An application that also caches with
 * Spring must keep the cache manager it had without Sessiongrid, and must not get a
 * second Ignite node from Ignite's provider.
 */
class JCacheCoexistenceTests {

	private static final String PROVIDERS = "META-INF/services/javax.cache.spi.CachingProvider";

	@Test
	void theApplicationsOwnJCacheProviderStaysItsCacheProvider() {
		try (ConfigurableApplicationContext context = run()) {
			CacheManager cacheManager = context.getBean(CacheManager.class);
			assertThat(cacheManager).isInstanceOfSatisfying(JCacheCacheManager.class,
					(jcache) -> assertThat(jcache.getCacheManager().getCachingProvider())
						.isInstanceOf(CaffeineCachingProvider.class));
			assertThat(context.getEnvironment().getProperty("spring.cache.jcache.provider"))
				.isEqualTo(CaffeineCachingProvider.class.getName());
			assertThat(Ignition.allGrids()).hasSize(1);
		}
	}

	@Test
	void withoutAJCacheProviderOfItsOwnTheApplicationKeepsItsOtherCacheManager() {
		// Caffeine's JCache provider hidden: what is left is Ignite's provider and the
		// guard
		ClassLoader original = Thread.currentThread().getContextClassLoader();
		ClassLoader withoutCaffeineJCache = new WithoutCaffeineJCache(original);
		Thread.currentThread().setContextClassLoader(withoutCaffeineJCache);
		try (ConfigurableApplicationContext context = run()) {
			// Boot's next choice after JCache, as if Sessiongrid were not there
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(CaffeineCacheManager.class);
			assertThat(context.getEnvironment().containsProperty("spring.cache.jcache.provider")).isFalse();
			assertThat(Ignition.allGrids()).hasSize(1);
		}
		finally {
			Thread.currentThread().setContextClassLoader(original);
			Caching.getCachingProviders(withoutCaffeineJCache).forEach((provider) -> provider.close());
		}
	}

	@Test
	void aProviderTheApplicationNamedIsLeftAlone() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.cache.jcache.provider",
				"com.example.Mine");
		new JCacheProviderEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cache.jcache.provider")).isEqualTo("com.example.Mine");
		assertThat(
				environment.getPropertySources().contains(JCacheProviderEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void theApplicationsProvidersAreAllButIgnitesAndTheGuard() {
		assertThat(JCacheProviderEnvironmentPostProcessor.applicationProviders(getClass().getClassLoader()))
			.containsExactly(CaffeineCachingProvider.class.getName());
	}

	@Test
	void theGuardSaysHowToPickAProvider() {
		assertThatExceptionOfType(CacheException.class)
			.isThrownBy(() -> Caching.getCachingProvider(IgniteCachingProviderGuard.class.getName()).getCacheManager())
			.withMessageContaining("spring.cache.jcache.provider");
	}

	private static ConfigurableApplicationContext run() {
		return new SpringApplicationBuilder(CachingApplication.class).web(WebApplicationType.NONE)
			.properties(TestPorts.AUTOCONFIGURE.properties())
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportAutoConfiguration({ SessiongridIgniteAutoConfiguration.class, CacheAutoConfiguration.class })
	static class CachingApplication {

	}

	/** A class loader whose JCache service registrations leave out Caffeine's. */
	private static final class WithoutCaffeineJCache extends ClassLoader {

		WithoutCaffeineJCache(ClassLoader parent) {
			super(parent);
		}

		@Override
		public Enumeration<URL> getResources(String name) throws IOException {
			Enumeration<URL> resources = super.getResources(name);
			if (!PROVIDERS.equals(name)) {
				return resources;
			}
			List<URL> kept = Collections.list(resources)
				.stream()
				.filter((url) -> !url.toString().contains("caffeine"))
				.toList();
			return Collections.enumeration(kept);
		}

	}

}
