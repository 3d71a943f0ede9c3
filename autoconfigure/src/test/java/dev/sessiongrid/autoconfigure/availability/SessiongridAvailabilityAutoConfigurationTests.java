package dev.sessiongrid.autoconfigure.availability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import dev.sessiongrid.autoconfigure.SessiongridIgniteAutoConfiguration;
import dev.sessiongrid.autoconfigure.SessiongridSessionAutoConfiguration;
import dev.sessiongrid.autoconfigure.health.ObservedNodes;
import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.replication.NodeReadiness;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionPathWarmUp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessiongridAvailabilityAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				SessiongridAvailabilityAutoConfiguration.class))
		.withUserConfiguration(ObservedNodes.UserConfiguration.class)
		.withPropertyValues("sessiongrid.node.hot-path-warm-up=0s");

	@Test
	void readinessAcceptsTrafficOnlyOnceBothTheApplicationAndTheNodeAreReady() {
		this.contextRunner.run((context) -> {
			ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
			assertThat(context).hasSingleBean(NodeReadiness.class);
			Thread.sleep(1000);
			// the node of one holds its share at once, but Boot has not said the
			// application is ready
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);

			await().atMost(TIMEOUT).until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		});
	}

	@Test
	void readinessWaitsForTheHotPathWarmUpWhichLeavesNothingBehind() {
		this.contextRunner.withPropertyValues("sessiongrid.node.hot-path-warm-up=2s").run((context) -> {
			ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
			Ignite real = context.getBean(Ignite.class);
			int nodes = Ignition.allGrids().size();
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			// as Boot does once the context is refreshed, before it is ready
			context.publishEvent(new ApplicationStartedEvent(new SpringApplication(), new String[0],
					(ConfigurableApplicationContext) context.getSourceApplicationContext(), Duration.ZERO));

			// the throwaway cluster: one node, or three when the sessions have backups
			int throwaway = SessionPathWarmUp.nodesFor(context.getBean(IgniteSessionRepository.class));
			await().atMost(TIMEOUT).until(() -> Ignition.allGrids().size() == nodes + throwaway);
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

			await().atMost(TIMEOUT).until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(Ignition.allGrids()).hasSize(nodes);
			assertThat(real.cluster().nodes()).hasSize(1);
			assertThat(real.cacheNames()).doesNotContain(SessionPathWarmUp.CACHE_NAME);
		});
	}

	@Test
	void noHotPathWarmUpWithAZeroBudget() {
		this.contextRunner.run((context) -> {
			int nodes = Ignition.allGrids().size();
			context.publishEvent(new ApplicationStartedEvent(new SpringApplication(), new String[0],
					(ConfigurableApplicationContext) context.getSourceApplicationContext(), Duration.ZERO));
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);

			await().atMost(TIMEOUT)
				.until(() -> context.getBean(ApplicationAvailability.class)
					.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(Ignition.allGrids()).hasSize(nodes);
		});
	}

	@Test
	void theRefusalHoldsWhenBootsBeanHearsItsOwnEventAfterOurs() {
		// a listener added to the context hears every event before the beans that listen,
		// Boot's ApplicationAvailabilityBean among them: the nested refusal comes first
		// and Boot's ACCEPTING_TRAFFIC lands on top of it
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.withInitializer((context) -> context.addApplicationListener(new SessiongridAvailability(context,
					context.getBeanFactory().getBeanProvider(ApplicationAvailability.class))))
			.run((context) -> {
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				await().atMost(TIMEOUT)
					.until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
				Thread.sleep(1000);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			});
	}

	@Test
	void bootsAcceptingTrafficIsOverruledWhileTheNodeIsNotReady() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.withBean(SessiongridAvailability.class)
			.run((context) -> {
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				SessiongridAvailability sessiongrid = context.getBean(SessiongridAvailability.class);
				// as Boot does once the application has started
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				sessiongrid.refusingTraffic("joining");

				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				await().atMost(TIMEOUT)
					.until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
				Thread.sleep(200);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

				sessiongrid.acceptingTraffic();
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

				sessiongrid.refusingTraffic("replacing the node");
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
				assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);

				sessiongrid.broken("could not rejoin");
				assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);
			});
	}

	@Test
	void readinessRefusesTrafficBeforeTheNodeLeaves() {
		List<String> seen = new CopyOnWriteArrayList<>();
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class,
					SessiongridSessionAutoConfiguration.class, SessionAutoConfiguration.class,
					ApplicationAvailabilityAutoConfiguration.class, SessiongridAvailabilityAutoConfiguration.class))
			.withPropertyValues(TestPorts.AUTOCONFIGURE.properties())
			.withInitializer((context) -> context
				.addApplicationListener((ApplicationListener<AvailabilityChangeEvent<ReadinessState>>) (event) -> {
					Ignite ignite = context.getBean(Ignite.class);
					seen.add(event.getState() + " " + Ignition.state(ignite.name()));
				}))
			.run((context) -> {
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				await().atMost(TIMEOUT)
					.until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
				seen.clear();

				((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();

				assertThat(seen).first().isEqualTo(ReadinessState.REFUSING_TRAFFIC + " " + IgniteState.STARTED);
			});
	}

}
