package dev.sessiongrid.benchmarks.http;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * The in-process limit: Spring Session's {@link MapSessionRepository} over a
 * {@link ConcurrentHashMap}, behind the same Spring Session filter as the other stores
 * (so the filter's own cost is in every figure alike).
 */
@Configuration(proxyBeanMethods = false)
@Profile("map")
@EnableSpringHttpSession
class MapStoreConfiguration {

	@Bean
	MapSessionRepository sessionRepository() {
		return new MapSessionRepository(new ConcurrentHashMap<>());
	}

}
