package dev.sessiongrid.ignite.node;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DnsDiscoveryIpFinderTests {

	@Test
	void resolvesTheNameToEveryPortOfTheRange() {
		DnsDiscoveryIpFinder finder = new DnsDiscoveryIpFinder("localhost", 47500, 3);

		assertThat(finder.getRegisteredAddresses()).map(InetSocketAddress::getPort).contains(47500, 47501, 47502);
		assertThat(finder.getRegisteredAddresses()).allMatch((address) -> address.getAddress().isLoopbackAddress());
	}

	@Test
	void unknownNameYieldsNoAddressesRatherThanAnError() {
		DnsDiscoveryIpFinder finder = new DnsDiscoveryIpFinder("no-such-host.invalid", 47500, 3);

		assertThat(finder.getRegisteredAddresses()).isEmpty();
	}

	@Test
	void blankNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DnsDiscoveryIpFinder(" ", 47500, 1))
			.withMessageContaining("DNS name");
	}

}
