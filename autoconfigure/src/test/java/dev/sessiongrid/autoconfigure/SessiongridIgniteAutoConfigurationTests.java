package dev.sessiongrid.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteSystemProperties;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.NoOpFailureHandler;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.multicast.TcpDiscoveryMulticastIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.node.DnsDiscoveryIpFinder;
import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.replication.GracefulLeaveLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessiongridIgniteAutoConfiguration}, on real nodes: one test per
 * property that reaches the node, per back-off condition, and for what several contexts
 * in one JVM do.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessiongridIgniteAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues(TestPorts.AUTOCONFIGURE.properties());

	@Test
	void startsANodeOnLoopbackWithTheDefaults() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class))
			// only the ports are moved off the defaults, which a developer's running
			// sample may hold
			.withPropertyValues("sessiongrid.node.discovery-port=" + TestPorts.AUTOCONFIGURE.discoveryPort(),
					"sessiongrid.node.communication-port=" + TestPorts.AUTOCONFIGURE.communicationPort(),
					"sessiongrid.discovery.addresses=" + TestPorts.AUTOCONFIGURE.discoveryAddresses())
			.run((context) -> {
				IgniteConfiguration config = context.getBean(Ignite.class).configuration();
				assertThat(discovery(config).getLocalAddress()).isEqualTo("127.0.0.1");
				assertThat(communication(config).getLocalAddress()).isEqualTo("127.0.0.1");
				assertThat(discovery(config).getLocalPortRange()).isEqualTo(10);
				assertThat(config.getDataStorageConfiguration().getDefaultDataRegionConfiguration().getMaxSize())
					.isEqualTo(256L * 1024 * 1024);
				assertThat(config.getFailureDetectionTimeout()).isEqualTo(5000);
				assertThat(config.getSslContextFactory()).isNull();
				assertThat(config.isClientMode()).isFalse();
				// Spring's context close stops the node, not a JVM hook of Ignite's
				// racing with it
				assertThat(System.getProperty(IgniteSystemProperties.IGNITE_NO_SHUTDOWN_HOOK)).isEqualTo("true");
			});
	}

	@Test
	void onHeapCopiesPercentReachesTheSessionsCache() {
		this.contextRunner
			.run((context) -> assertThat(sessionsCache(context.getBean(Ignite.class)).isOnheapCacheEnabled()).isTrue());
		this.contextRunner.withPropertyValues("sessiongrid.on-heap-copies-percent=0")
			.run((context) -> assertThat(sessionsCache(context.getBean(Ignite.class)).isOnheapCacheEnabled())
				.isFalse());
	}

	private static CacheConfiguration<?, ?> sessionsCache(Ignite ignite) {
		return ignite.cache(SessiongridProperties.DEFAULT_CACHE_NAME).getConfiguration(CacheConfiguration.class);
	}

	@Test
	void nodeNameNamesTheIgniteInstance() {
		this.contextRunner.withPropertyValues("sessiongrid.node.name=checkout-1")
			.run((context) -> assertThat(context.getBean(Ignite.class).name()).isEqualTo("checkout-1"));
	}

	@Test
	void eachContextGetsAUniqueNodeNameWhenNoneIsSet() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
			String firstName = first.getBean(Ignite.class).name();
			assertThat(firstName).startsWith("sessiongrid-");
			assertThat(second.getBean(Ignite.class).name()).startsWith("sessiongrid-").isNotEqualTo(firstName);
		}));
	}

	@Test
	void localAddressIsWhereDiscoveryAndCommunicationListen() {
		// "localhost" is the only other name sure to be an address of this machine; it
		// still means loopback.
		this.contextRunner.withPropertyValues("sessiongrid.node.local-address=localhost").run((context) -> {
			IgniteConfiguration config = context.getBean(Ignite.class).configuration();
			assertThat(discovery(config).getLocalAddress()).isEqualTo("localhost");
			assertThat(communication(config).getLocalAddress()).isEqualTo("localhost");
		});
	}

	@Test
	void discoveryPortIsTheFirstDiscoveryPortTried() {
		this.contextRunner
			.withPropertyValues("sessiongrid.node.discovery-port=" + (TestPorts.AUTOCONFIGURE.discoveryPort() + 5))
			.run((context) -> {
				TcpDiscoverySpi discovery = discovery(context.getBean(Ignite.class).configuration());
				assertThat(discovery.getLocalPort()).isEqualTo(TestPorts.AUTOCONFIGURE.discoveryPort() + 5);
			});
	}

	@Test
	void communicationPortIsTheFirstCommunicationPortTried() {
		this.contextRunner
			.withPropertyValues(
					"sessiongrid.node.communication-port=" + (TestPorts.AUTOCONFIGURE.communicationPort() + 5))
			.run((context) -> {
				TcpCommunicationSpi communication = communication(context.getBean(Ignite.class).configuration());
				assertThat(communication.getLocalPort()).isEqualTo(TestPorts.AUTOCONFIGURE.communicationPort() + 5);
			});
	}

	@Test
	void portRangeAppliesToDiscoveryAndCommunication() {
		this.contextRunner.withPropertyValues("sessiongrid.node.port-range=3").run((context) -> {
			IgniteConfiguration config = context.getBean(Ignite.class).configuration();
			assertThat(discovery(config).getLocalPortRange()).isEqualTo(3);
			assertThat(communication(config).getLocalPortRange()).isEqualTo(3);
		});
	}

	@Test
	void maxMemoryCapsTheSessionDataRegion() {
		this.contextRunner.withPropertyValues("sessiongrid.node.max-memory=48MB").run((context) -> {
			IgniteConfiguration config = context.getBean(Ignite.class).configuration();
			assertThat(config.getDataStorageConfiguration().getDefaultDataRegionConfiguration().getMaxSize())
				.isEqualTo(48L * 1024 * 1024);
		});
	}

	@Test
	void sessionCachesStartWithTheNodeWithTheirBackups() {
		this.contextRunner.withPropertyValues("sessiongrid.cache-name=carts", "sessiongrid.backups=2")
			.run((context) -> {
				Ignite ignite = context.getBean(Ignite.class);
				// declared in the node's own configuration, so no dynamic cache start (an
				// exchange of its own) follows
				assertThat(ignite.configuration().getCacheConfiguration()).extracting(CacheConfiguration::getName)
					.contains("carts", "carts-principals");
				assertThat(ignite.cacheNames()).contains("carts", "carts-principals");
				assertThat(ignite.cache("carts").getConfiguration(CacheConfiguration.class).getBackups()).isEqualTo(2);
			});
	}

	@Test
	void cachesOfACustomizerAreKeptBesideTheSessionCaches() {
		this.contextRunner
			.withBean(SessiongridIgniteConfigurationCustomizer.class,
					() -> (config) -> config.setCacheConfiguration(new CacheConfiguration<>("app-cache")))
			.run((context) -> assertThat(context.getBean(Ignite.class).cacheNames()).contains("app-cache"));
	}

	@Test
	void warmUpRunsBeforeTheNodeJoinsAClusterUnlessTurnedOff(CapturedOutput output) {
		this.contextRunner.run((first) -> {
			int length = output.length();
			this.contextRunner.withPropertyValues("sessiongrid.node.warm-up=true").run((second) -> {
				assertThat(output.toString().substring(length)).contains("Warmed up the Ignite node in");
				// the throwaway nodes are gone, and never were in the real nodes' cluster
				assertThat(Ignition.allGrids()).hasSize(2);
				assertThat(second.getBean(Ignite.class).cluster().nodes()).hasSize(2);
			});
		});
		this.contextRunner.run((first) -> {
			int length = output.length();
			this.contextRunner.withPropertyValues("sessiongrid.node.warm-up=false")
				.run((second) -> assertThat(output.toString().substring(length))
					.doesNotContain("Warmed up the Ignite node"));
		});
	}

	@Test
	void aLoneNodeStartsWithoutAWarmUp(CapturedOutput output) {
		this.contextRunner.withPropertyValues("sessiongrid.node.warm-up=true").run((context) -> {
			assertThat(context).hasSingleBean(Ignite.class);
			assertThat(output).doesNotContain("Warmed up the Ignite node");
		});
	}

	@Test
	void discoveryAddressesAreTheStaticAddressesSearched() {
		String addresses = "127.0.0.1:" + TestPorts.AUTOCONFIGURE.discoveryPort() + ".."
				+ (TestPorts.AUTOCONFIGURE.discoveryPort() + 2) + ",localhost:"
				+ (TestPorts.AUTOCONFIGURE.discoveryPort() + 3);
		this.contextRunner.withPropertyValues("sessiongrid.discovery.addresses=" + addresses).run((context) -> {
			TcpDiscoverySpi discovery = discovery(context.getBean(Ignite.class).configuration());
			assertThat(discovery.getIpFinder()).isInstanceOf(TcpDiscoveryVmIpFinder.class);
			// a range expands to one address per port
			assertThat(discovery.getIpFinder().getRegisteredAddresses()).hasSize(4);
		});
	}

	@Test
	void dnsNameSwitchesToTheDnsIpFinder() {
		this.contextRunner.withPropertyValues("sessiongrid.discovery.dns-name=localhost").run((context) -> {
			TcpDiscoverySpi discovery = discovery(context.getBean(Ignite.class).configuration());
			assertThat(discovery.getIpFinder()).isInstanceOf(DnsDiscoveryIpFinder.class);
		});
	}

	@Test
	void multicastGroupSwitchesToTheMulticastIpFinder() {
		// Checked on the configuration the node would start with, without starting it: a
		// test must not send
		// multicast discovery packets on the machine's network.
		SessiongridProperties properties = new SessiongridProperties();
		properties.getDiscovery().setMulticastGroup("228.10.10.157");
		IgniteConfiguration config = SessiongridNodeFactory
			.configuration(SessiongridIgniteAutoConfiguration.nodeSettings(properties, null));
		assertThat(discovery(config).getIpFinder()).isInstanceOfSatisfying(TcpDiscoveryMulticastIpFinder.class,
				(finder) -> assertThat(finder.getMulticastGroup()).isEqualTo("228.10.10.157"));
	}

	@Test
	void detectionTimeoutIsIgnitesFailureDetectionTimeout() {
		this.contextRunner.withPropertyValues("sessiongrid.failover.detection-timeout=2500ms")
			.run((context) -> assertThat(context.getBean(Ignite.class).configuration().getFailureDetectionTimeout())
				.isEqualTo(2500));
	}

	@Test
	void backupRebuildDelayIsTheBaselineAutoAdjustTimeout() {
		this.contextRunner.withPropertyValues("sessiongrid.failover.backup-rebuild-delay=45s").run((context) -> {
			Ignite ignite = context.getBean(Ignite.class);
			assertThat(ignite.cluster().isBaselineAutoAdjustEnabled()).isTrue();
			assertThat(ignite.cluster().baselineAutoAdjustTimeout()).isEqualTo(45_000);
		});
	}

	@Test
	void nodeLeavesGracefullyWhenTheContextStops() {
		AtomicReference<GracefulLeaveLifecycle> leave = new AtomicReference<>();
		AtomicReference<Ignite> node = new AtomicReference<>();
		this.contextRunner.withPropertyValues("sessiongrid.shutdown.graceful-timeout=12s").run((context) -> {
			leave.set(context.getBean(GracefulLeaveLifecycle.class));
			node.set(context.getBean(Ignite.class));
			assertThat(leave.get().getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
		});

		// Closing the context ran the leave: alone in its cluster, the node had nowhere
		// to copy to.
		assertThat(leave.get().getResult()).isNotNull();
		assertThat(leave.get().getResult().lastNode()).isTrue();
		assertThat(Ignition.allGrids()).doesNotContain(node.get());
	}

	@Test
	void applicationsOwnIgniteGetsNoGracefulLeave() {
		this.contextRunner.withUserConfiguration(UserIgniteConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(GracefulLeaveLifecycle.class));
	}

	@Test
	void sslBundleSecuresDiscoveryAndCommunicationAndNodesWithTheBundleFormACluster() {
		ApplicationContextRunner tls = this.contextRunner.withPropertyValues(TestSsl.bundleProperties("nodes"))
			.withPropertyValues("sessiongrid.ssl.bundle=nodes");
		tls.run((first) -> tls.run((second) -> {
			Ignite ignite = first.getBean(Ignite.class);
			assertThat(ignite.configuration().getSslContextFactory()).isInstanceOf(SslBundleContextFactory.class)
				.hasToString("SSL bundle 'nodes'");
			assertThat(ignite.cluster().nodes()).hasSize(2);
		}));
	}

	@Test
	void aNodeWithoutTheBundleIsNotAdmittedToATlsCluster() {
		ApplicationContextRunner tls = this.contextRunner.withPropertyValues(TestSsl.bundleProperties("nodes"))
			.withPropertyValues("sessiongrid.ssl.bundle=nodes");
		tls.run((secured) -> this.contextRunner.run((plain) -> {
			assertThat(plain).getFailure().rootCause().hasMessageContaining("SSL");
			assertThat(plain.getStartupFailure()).hasStackTraceContaining(
					"Unable to establish secure connection. Was remote cluster configured with SSL?");
			assertThat(secured.getBean(Ignite.class).cluster().nodes()).hasSize(1);
		}));
	}

	@Test
	void unknownSslBundleFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("sessiongrid.ssl.bundle=missing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sessiongrid.ssl.bundle")
				.hasMessageContaining("No SSL bundle named 'missing'"));
	}

	@Test
	void customizersAreAppliedInOrderBeforeTheNodeStarts() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			IgniteConfiguration config = context.getBean(Ignite.class).configuration();
			assertThat(context.getBean("calls", List.class)).containsExactly("first", "second");
			// the later customizer wins, and its change reached the running node
			assertThat(config.getMetricsUpdateFrequency()).isEqualTo(4000);
			assertThat(config.getFailureHandler()).isInstanceOf(NoOpFailureHandler.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnIgnite() {
		this.contextRunner.withUserConfiguration(UserIgniteConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Ignite.class);
			assertThat(context.getBean(Ignite.class).name()).isEqualTo("users-own");
			assertThat(Ignition.allGrids()).hasSize(1);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("sessiongrid.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Ignite.class));
	}

	@Test
	void stopsTheNodeWhenTheContextCloses() {
		List<Ignite> started = new ArrayList<>();
		this.contextRunner.run((context) -> started.add(context.getBean(Ignite.class)));
		assertThat(started).hasSize(1);
		assertThat(Ignition.allGrids()).doesNotContain(started.get(0));
	}

	@Test
	void severalContextsInOneJvmFormOneCluster() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
			Ignite one = first.getBean(Ignite.class);
			Ignite two = second.getBean(Ignite.class);
			assertThat(one).isNotSameAs(two);
			assertThat(one.cluster().nodes()).hasSize(2);
			assertThat(two.cluster().nodes()).hasSize(2);
		}));
	}

	private static TcpDiscoverySpi discovery(IgniteConfiguration config) {
		return (TcpDiscoverySpi) config.getDiscoverySpi();
	}

	private static TcpCommunicationSpi communication(IgniteConfiguration config) {
		return (TcpCommunicationSpi) config.getCommunicationSpi();
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		List<String> calls() {
			return new ArrayList<>();
		}

		// declared in the reverse of their order, so that only @Order can put them right
		@Bean
		@Order(2)
		SessiongridIgniteConfigurationCustomizer secondCustomizer(List<String> calls) {
			return (config) -> {
				calls.add("second");
				config.setMetricsUpdateFrequency(4000);
			};
		}

		@Bean
		@Order(1)
		SessiongridIgniteConfigurationCustomizer firstCustomizer(List<String> calls) {
			return (config) -> {
				calls.add("first");
				config.setMetricsUpdateFrequency(1000);
				config.setFailureHandler(new NoOpFailureHandler());
			};
		}

	}

}
