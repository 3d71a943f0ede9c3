package dev.sessiongrid.autoconfigure;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.ignite.TestPorts;

/**
 * A whole Spring Boot application with Sessiongrid's node, for tests of what a user sees
 * when start-up fails: run through {@link org.springframework.boot.SpringApplication}, so
 * that Boot's failure analyzers report the failure. Also the main class of the JVM
 * started without the {@code --add-opens} flags.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(SessiongridIgniteAutoConfiguration.class)
public class ReportingApplication {

	static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(ReportingApplication.class).web(WebApplicationType.NONE)
			.properties(TestPorts.AUTOCONFIGURE.properties())
			.run(args);
	}

	public static void main(String[] args) {
		run(args).close();
	}

}
