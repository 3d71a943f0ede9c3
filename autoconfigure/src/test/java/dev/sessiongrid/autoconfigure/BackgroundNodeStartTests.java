package dev.sessiongrid.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.apache.ignite.IgnitionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.node.SessiongridNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BackgroundNodeStart}: the node starts on a thread of its own while the
 * context starts, only when its configuration needs no bean, and a node no bean took
 * stops with the context that failed.
 */
class BackgroundNodeStartTests {

	private static final String NODE = "background-start";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class))
		.withPropertyValues(TestPorts.AUTOCONFIGURE.properties("sessiongrid.node.name=" + NODE));

	/** The thread each state change of the test's node was seen on, in order. */
	private final List<String> events = new CopyOnWriteArrayList<>();

	private final Map<IgniteState, String> threads = new ConcurrentHashMap<>();

	private final IgnitionListener listener = (name, state) -> {
		if (NODE.equals(name)) {
			this.events.add(state.name());
			this.threads.putIfAbsent(state, Thread.currentThread().getName());
		}
	};

	@BeforeEach
	void listen() {
		Ignition.addListener(this.listener);
	}

	@AfterEach
	void stopListening() {
		Ignition.removeListener(this.listener);
	}

	@Test
	void theNodeStartsOnItsOwnThreadAndIsTheBeansNode() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.threads).containsEntry(IgniteState.STARTED, "sessiongrid-node-start");
			assertThat(context.getBean(SessiongridNode.class).ignite().name()).isEqualTo(NODE);
			assertThat(context.getBean(SessiongridNode.class).ignite()).isSameAs(Ignition.ignite(NODE));
		});
		assertThat(this.events).containsExactly("STARTED", "STOPPED");
	}

	@Test
	void backgroundStartFalseStartsItWithTheContextsBeans() {
		String caller = Thread.currentThread().getName();
		this.contextRunner.withPropertyValues("sessiongrid.node.background-start=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.threads).containsEntry(IgniteState.STARTED, caller);
		});
	}

	@Test
	void aConfigurationCustomizerBeanStartsItWithTheContextsBeans() {
		String caller = Thread.currentThread().getName();
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.threads).containsEntry(IgniteState.STARTED, caller);
			// the customizer reached the node
			assertThat(context.getBean(SessiongridNode.class).ignite().configuration().getMetricsLogFrequency())
				.isEqualTo(12_345);
		});
	}

	@Test
	void lazyInitializationStartsItWithTheContextsBeans() {
		String caller = Thread.currentThread().getName();
		this.contextRunner.withPropertyValues("spring.main.lazy-initialization=true").run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(SessiongridNode.class);
			assertThat(this.threads).containsEntry(IgniteState.STARTED, caller);
		});
	}

	@Test
	void aNodeNoBeanTookStopsWithTheContextThatFailed() {
		this.contextRunner.withUserConfiguration(FailingConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("an application bean failed");
		});
		// it started (in the background, before the failing bean) and was stopped
		assertThat(this.events).containsExactly("STARTED", "STOPPED");
		assertThat(Ignition.allGrids()).noneMatch((ignite) -> NODE.equals(ignite.name()));
	}

	@Test
	void invalidPropertiesAreReportedByTheBeanAsBefore() {
		this.contextRunner.withPropertyValues("sessiongrid.backups=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("sessiongrid.backups");
		});
		assertThat(this.events).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		SessiongridIgniteConfigurationCustomizer quietMetricsLog() {
			return (configuration) -> configuration.setMetricsLogFrequency(12_345);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingConfiguration {

		@Bean
		String failing() {
			throw new IllegalStateException("an application bean failed");
		}

	}

}
