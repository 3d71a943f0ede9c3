package dev.sessiongrid.autoconfigure;

import org.apache.ignite.Ignite;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;

/**
 * An application that starts its own Ignite node, named {@code users-own}, on the test
 * ports.
 */
@Configuration(proxyBeanMethods = false)
class UserIgniteConfiguration {

	@Bean(destroyMethod = "close")
	Ignite usersOwnIgnite() {
		SessiongridNodeSettings settings = TestPorts.AUTOCONFIGURE.settings();
		settings.setInstanceName("users-own");
		return SessiongridNodeFactory.start(settings);
	}

}
