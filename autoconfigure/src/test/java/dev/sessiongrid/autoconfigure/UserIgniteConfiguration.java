package dev.sessiongrid.autoconfigure;

import java.util.List;

import org.apache.ignite.Ignite;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;

/**
 * An application that starts its own Ignite node, named {@code users-own}, on the test ports.
 */
@Configuration(proxyBeanMethods = false)
class UserIgniteConfiguration {

	@Bean(destroyMethod = "close")
	Ignite usersOwnIgnite() {
		SessiongridNodeSettings settings = new SessiongridNodeSettings();
		settings.setInstanceName("users-own");
		settings.setDiscoveryPort(TestPorts.DISCOVERY);
		settings.setCommunicationPort(TestPorts.COMMUNICATION);
		settings.setPortRange(TestPorts.RANGE);
		settings.setDiscoveryAddresses(List.of(TestPorts.addresses()));
		settings.setMaxMemory(32L * 1024 * 1024);
		return SessiongridNodeFactory.start(settings);
	}

}
