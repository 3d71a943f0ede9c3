package dev.sessiongrid.sample;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.autoconfigure.SessiongridIgniteConfigurationCustomizer;

/**
 * Publishes each instance's HTTP port as an attribute of its node, so that the page can link to the instance
 * behind every node. An example of what a {@link SessiongridIgniteConfigurationCustomizer} is for: something no
 * property expresses.
 */
@Configuration(proxyBeanMethods = false)
class SampleNodeAttributes {

	@Bean
	SessiongridIgniteConfigurationCustomizer httpPortAttribute(@Value("${server.port:8080}") int port) {
		return (configuration) -> {
			// 0 means a random port, not known before the web server starts (tests)
			if (port > 0) {
				Map<String, Object> attributes = new HashMap<>();
				if (configuration.getUserAttributes() != null) {
					attributes.putAll(configuration.getUserAttributes());
				}
				attributes.put(ClusterView.HTTP_PORT_ATTRIBUTE, port);
				configuration.setUserAttributes(attributes);
			}
		};
	}

}
