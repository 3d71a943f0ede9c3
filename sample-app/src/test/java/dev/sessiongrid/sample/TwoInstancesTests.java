package dev.sessiongrid.sample;

import java.util.stream.Stream;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the sample in one JVM, each with its web server and its node, as two
 * processes on one machine would be: a browser's session cookie works on both.
 */
class TwoInstancesTests {

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		first = start("shop-first");
		second = start("shop-second");
	}

	@AfterAll
	static void stopThem() {
		second.close();
		first.close();
	}

	@Test
	void theTwoInstancesFormOneCluster() {
		assertThat(first.getBean(Ignite.class).cluster().nodes()).hasSize(2);
		assertThat(second.getBean(ClusterView.class).members(null)).hasSize(2);
	}

	@Test
	void aCartFilledOnOneInstanceIsSeenOnTheOther() throws Exception {
		Browser browser = new Browser();
		browser.post(port(first), "/api/cart/items", "product", "coffee");
		browser.post(port(first), "/api/cart/items", "product", "olives");
		String cart = browser.get(port(second), "/api/cart").body();
		assertThat(cart).contains("\"port\":" + port(second))
			.contains("\"product\":\"coffee\"", "\"product\":\"olives\"")
			// a primary copy on one node and a backup on the other, named by node
			.containsPattern(
					"\"copies\":\\{\"primary\":\"(shop-first|shop-second)\",\"backups\":\\[\"(shop-first|shop-second)\"\\]\\}")
			.contains("shop-first", "shop-second");
		// and back: a change on the second instance is seen on the first
		browser.post(port(second), "/api/cart/items", "product", "coffee");
		assertThat(browser.get(port(first), "/api/cart").body()).contains("\"quantity\":2");
	}

	@Test
	void thePageShowsBothNodesAndOneHoldsTheBackup() throws Exception {
		Browser browser = new Browser();
		browser.submit(port(first), "/cart/add", "product", "apple");
		String page = browser.get(port(second), "/").body();
		assertThat(page).contains("primary copy").contains("backup copy").contains("(this instance)");
	}

	@Test
	void actuatorFindsASignedInUsersSessionsThroughEitherInstance() throws Exception {
		Browser browser = new Browser();
		browser.submit(port(first), "/login", "username", "bob", "password", ShopSecurity.BOB_PASSWORD);
		String sessionId = browser.sessionId();
		String found = browser.get(managementPort(second), "/actuator/sessions?username=bob").body();
		assertThat(found).contains("\"id\":\"" + sessionId + "\"");
		assertThat(browser.get(managementPort(second), "/actuator/sessions?username=nobody").body())
			.isEqualTo("{\"sessions\":[]}");
	}

	@Test
	void theClusterPanelShowsBothNodesEachWithItsShareOfThePartitions() throws Exception {
		String cluster = new Browser().get(port(second), "/api/cluster").body();
		assertThat(cluster).contains("\"serverNodes\":2", "\"name\":\"shop-first\"", "\"name\":\"shop-second\"")
			// each node holds primaries of some partitions and the backups of the others'
			.containsPattern("\"name\":\"shop-first\",[^}]*\"primaries\":[1-9]\\d*,\"backups\":[1-9]")
			.containsPattern("\"name\":\"shop-second\",[^}]*\"primaries\":[1-9]\\d*,\"backups\":[1-9]");
	}

	private static ConfigurableApplicationContext start(String nodeName) {
		// as command-line arguments, which win over application.yml as they do for a
		// user; a random HTTP port would
		// name both nodes shop-0, and Ignite needs distinct names in one JVM
		String[] args = Stream
			.of(TestPorts.SAMPLE.properties("management.server.port=0", "server.port=0",
					"sessiongrid.node.name=" + nodeName))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		return new SpringApplicationBuilder(SampleApplication.class).run(args);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static int managementPort(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
	}

}
