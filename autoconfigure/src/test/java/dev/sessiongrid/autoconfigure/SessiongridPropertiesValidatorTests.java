package dev.sessiongrid.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link SessiongridPropertiesValidator}: each wrong value is refused with the
 * property's name and what is allowed; the defaults and the documented forms pass.
 */
class SessiongridPropertiesValidatorTests {

	@Test
	void defaultsAreValid() {
		SessiongridProperties properties = new SessiongridProperties();
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateNode(properties));
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateRepository(properties));
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateLostPartitionReset(properties));
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.0.0.1:47500", "127.0.0.1:47500..47509", "node-1.example.com:47500",
			"[::1]:47500..47502", "[::1]", "10.0.0.7:1..65535" })
	void acceptsEachDocumentedAddressForm(String address) {
		SessiongridProperties properties = new SessiongridProperties();
		properties.getDiscovery().setAddresses(List.of(address));
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateNode(properties));
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:47500..x", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000",
			"127.0.0.1:47509..47500", "127.0.0.1:47500-47509", ":47500", "host name:47500", "" })
	void refusesMalformedAddressesNamingTheEntry(String address) {
		assertInvalid((properties) -> properties.getDiscovery().setAddresses(List.of("127.0.0.1", address)),
				"sessiongrid.discovery.addresses[1]", "host:port..port");
	}

	@Test
	void refusesEmptyAddressesWithoutAnotherWayToFindNodes() {
		assertInvalid((properties) -> properties.getDiscovery().setAddresses(List.of()),
				"sessiongrid.discovery.addresses", "dns-name");
	}

	@Test
	void acceptsEmptyAddressesWithADnsName() {
		SessiongridProperties properties = new SessiongridProperties();
		properties.getDiscovery().setAddresses(List.of());
		properties.getDiscovery().setDnsName("sessions.shop.svc.cluster.local");
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateNode(properties));
	}

	@Test
	void refusesDnsNameAndMulticastGroupTogether() {
		assertInvalid((properties) -> {
			properties.getDiscovery().setDnsName("sessions");
			properties.getDiscovery().setMulticastGroup("228.10.10.157");
		}, "sessiongrid.discovery.multicast-group", "not both");
	}

	@Test
	void refusesAMulticastGroupThatIsNotAMulticastAddress() {
		assertInvalid((properties) -> properties.getDiscovery().setMulticastGroup("10.0.0.1"),
				"sessiongrid.discovery.multicast-group", "224.0.0.0 to 239.255.255.255");
	}

	@Test
	void refusesADnsNameThatIsNotAHostName() {
		assertInvalid((properties) -> properties.getDiscovery().setDnsName("http://sessions"),
				"sessiongrid.discovery.dns-name", "host name");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 65536 })
	void refusesDiscoveryPortsOutOfRange(int port) {
		assertInvalid((properties) -> properties.getNode().setDiscoveryPort(port), "sessiongrid.node.discovery-port",
				"between 1 and 65535");
	}

	@Test
	void refusesCommunicationPortsOutOfRange() {
		assertInvalid((properties) -> properties.getNode().setCommunicationPort(70000),
				"sessiongrid.node.communication-port", "between 1 and 65535");
	}

	@Test
	void refusesAPortRangeThatRunsPastTheLastPort() {
		assertInvalid((properties) -> properties.getNode().setDiscoveryPort(65530), "sessiongrid.node.discovery-port",
				"65530 to 65539");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 51 })
	void refusesAnOnHeapShareOutsideZeroToFiftyPercent(int percent) {
		assertInvalidRepository((properties) -> properties.setOnHeapCopiesPercent(percent),
				"sessiongrid.on-heap-copies-percent", "0 to 50 percent");
	}

	@Test
	void refusesANegativePortRange() {
		assertInvalid((properties) -> properties.getNode().setPortRange(-1), "sessiongrid.node.port-range",
				"0 or more");
	}

	@ParameterizedTest
	@ValueSource(ints = { 47500, 47495, 47509 })
	void refusesCommunicationPortsThatOverlapTheDiscoveryPorts(int communicationPort) {
		assertInvalid((properties) -> properties.getNode().setCommunicationPort(communicationPort),
				"sessiongrid.node.communication-port", "must not overlap the discovery ports, 47500 to 47509");
	}

	@Test
	void acceptsCommunicationPortsRightBelowTheDiscoveryPorts() {
		SessiongridProperties properties = new SessiongridProperties();
		properties.getNode().setCommunicationPort(47490);
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateNode(properties));
		properties.getNode().setPortRange(0);
		properties.getNode().setCommunicationPort(47501);
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateNode(properties));
	}

	@Test
	void refusesABlankLocalAddress() {
		assertInvalid((properties) -> properties.getNode().setLocalAddress(" "), "sessiongrid.node.local-address",
				"127.0.0.1");
	}

	@Test
	void refusesABlankNodeName() {
		assertInvalid((properties) -> properties.getNode().setName(" "), "sessiongrid.node.name", "unset");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0B", "-1MB", "9MB" })
	void refusesMaxMemoryBelowIgnitesMinimum(String size) {
		assertInvalid((properties) -> properties.getNode().setMaxMemory(DataSize.parse(size)),
				"sessiongrid.node.max-memory", "at least 10MB");
	}

	@Test
	void refusesANonPositiveDetectionTimeout() {
		assertInvalid((properties) -> properties.getFailover().setDetectionTimeout(Duration.ZERO),
				"sessiongrid.failover.detection-timeout", "at least 1s");
	}

	@Test
	void refusesADetectionTimeoutBelowOneSecond() {
		assertInvalid((properties) -> properties.getFailover().setDetectionTimeout(Duration.ofMillis(999)),
				"sessiongrid.failover.detection-timeout", "at least 1s");
	}

	@Test
	void acceptsADetectionTimeoutOfOneSecond() {
		SessiongridProperties properties = new SessiongridProperties();
		properties.getFailover().setDetectionTimeout(Duration.ofSeconds(1));
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateNode(properties));
	}

	@Test
	void refusesANegativeBackupRebuildDelay() {
		assertInvalid((properties) -> properties.getFailover().setBackupRebuildDelay(Duration.ofSeconds(-1)),
				"sessiongrid.failover.backup-rebuild-delay", "0s or more");
	}

	@Test
	void refusesFewerThanOneRejoinAttempt() {
		assertInvalid((properties) -> properties.getFailover().setRejoinAttempts(0),
				"sessiongrid.failover.rejoin-attempts", "1 or more");
	}

	@Test
	void refusesANegativeRejoinBackoff() {
		assertInvalid((properties) -> properties.getFailover().setRejoinBackoff(Duration.ofSeconds(-1)),
				"sessiongrid.failover.rejoin-backoff", "0s or more");
	}

	@Test
	void refusesANegativeTouchInterval() {
		assertInvalidRepository((properties) -> properties.setTouchInterval(Duration.ofSeconds(-1)),
				"sessiongrid.touch-interval", "0s or more");
	}

	@Test
	void refusesANegativeLostPartitionsResetDelay() {
		assertRefused(SessiongridPropertiesValidator::validateLostPartitionReset,
				(properties) -> properties.getFailover().setLostPartitionsResetDelay(Duration.ofSeconds(-1)),
				"sessiongrid.failover.lost-partitions-reset-delay", "0s or more");
	}

	@Test
	void refusesANegativeGracefulTimeout() {
		assertInvalid((properties) -> properties.getShutdown().setGracefulTimeout(Duration.ofSeconds(-1)),
				"sessiongrid.shutdown.graceful-timeout", "0s or more");
	}

	@Test
	void refusesABlankSslBundle() {
		assertInvalid((properties) -> properties.getSsl().setBundle(""), "sessiongrid.ssl.bundle", "spring.ssl.bundle");
	}

	@Test
	void refusesNegativeBackups() {
		assertInvalidRepository((properties) -> properties.setBackups(-1), "sessiongrid.backups", "0 to 10");
	}

	@Test
	void refusesMoreBackupsThanTheBound() {
		assertInvalidRepository((properties) -> properties.setBackups(11), "sessiongrid.backups", "0 to 10");
	}

	@Test
	void acceptsBackupsUpToTheBound() {
		SessiongridProperties properties = new SessiongridProperties();
		properties.setBackups(10);
		assertThatNoException().isThrownBy(() -> SessiongridPropertiesValidator.validateRepository(properties));
	}

	@Test
	void refusesABlankCacheName() {
		assertInvalidRepository((properties) -> properties.setCacheName(""), "sessiongrid.cache-name",
				"sessiongrid-sessions");
	}

	@Test
	void refusesANonPositiveMaxSessionSize() {
		assertInvalidRepository((properties) -> properties.setMaxSessionSize(DataSize.ofBytes(0)),
				"sessiongrid.max-session-size", "positive");
	}

	private static void assertInvalid(Consumer<SessiongridProperties> change, String property, String allowed) {
		assertRefused(SessiongridPropertiesValidator::validateNode, change, property, allowed);
	}

	private static void assertInvalidRepository(Consumer<SessiongridProperties> change, String property,
			String allowed) {
		assertRefused(SessiongridPropertiesValidator::validateRepository, change, property, allowed);
	}

	private static void assertRefused(Consumer<SessiongridProperties> validation,
			Consumer<SessiongridProperties> change, String property, String allowed) {
		SessiongridProperties properties = new SessiongridProperties();
		change.accept(properties);
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> validation.accept(properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo(property))
			.withMessageContaining(allowed);
	}

}
