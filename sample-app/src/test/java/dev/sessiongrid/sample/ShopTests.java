package dev.sessiongrid.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on one instance, over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShopTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private FindByIndexNameSessionRepository<? extends Session> sessions;

	private final Browser browser = new Browser();

	@DynamicPropertySource
	static void nodePorts(DynamicPropertyRegistry registry) {
		for (String property : TestPorts.SAMPLE.properties("management.server.port=0")) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

	@Test
	void whatIsAddedToTheCartIsInTheCartOnTheNextRequest() throws Exception {
		this.browser.post(this.port, "/api/cart/items", "product", "apple");
		this.browser.post(this.port, "/api/cart/items", "product", "apple");
		this.browser.post(this.port, "/api/cart/items", "product", "bread");
		HttpResponse<String> cart = this.browser.get(this.port, "/api/cart");
		assertThat(cart.statusCode()).isEqualTo(200);
		assertThat(cart.body()).contains("\"product\":\"apple\"", "\"quantity\":2", "\"product\":\"bread\"")
			.contains("\"total\":\"5.10\"");
		// the cart is in the grid, not in the web server's memory
		Session stored = this.sessions.findById(this.browser.sessionId());
		assertThat(stored).isNotNull();
		assertThat(stored.<Cart>getAttribute(CartStore.ATTRIBUTE).quantities()).containsEntry("apple", 2)
			.containsEntry("bread", 1);
	}

	@Test
	void removingTakesOneOut() throws Exception {
		this.browser.post(this.port, "/cart/add", "product", "wine");
		this.browser.post(this.port, "/cart/add", "product", "wine");
		HttpResponse<String> redirect = this.browser.post(this.port, "/cart/remove", "product", "wine");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(this.browser.get(this.port, "/api/cart").body()).contains("\"product\":\"wine\"", "\"quantity\":1");
	}

	@Test
	void thePageShowsTheCartTheInstanceAndWhereTheSessionsCopiesAre() throws Exception {
		this.browser.post(this.port, "/cart/add", "product", "cheese");
		HttpResponse<String> page = this.browser.get(this.port, "/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Cheese, 200 g")
			.contains("Served by the instance on port <strong>" + this.port + "</strong>")
			.contains(this.browser.sessionId())
			// one node: it holds the primary copy and there is nowhere for a backup
			.contains("primary copy")
			.doesNotContain("backup copy</span>");
	}

	@Test
	void anUnknownProductIsABadRequest() throws Exception {
		assertThat(this.browser.post(this.port, "/api/cart/items", "product", "unicorn").statusCode()).isEqualTo(400);
	}

	@Test
	void signingInNamesTheSessionsUserAndGivesItANewId() throws Exception {
		this.browser.get(this.port, "/");
		String before = this.browser.sessionId();
		this.browser.post(this.port, "/login", "username", "alice");
		assertThat(this.browser.sessionId()).isNotEqualTo(before);
		assertThat(this.sessions.findByPrincipalName("alice")).containsKey(this.browser.sessionId());
		this.browser.post(this.port, "/logout", "x", "");
		assertThat(this.sessions.findByPrincipalName("alice")).isEmpty();
	}

	@Test
	void anInvalidUserNameIsRefused() throws Exception {
		this.browser.post(this.port, "/login", "username", "<script>");
		assertThat(this.browser.get(this.port, "/").body()).contains("Use 1 to 64 letters");
	}

	@Test
	void actuatorTellsWhichNodesHoldTheSessionsCopies() throws Exception {
		this.browser.post(this.port, "/cart/add", "product", "apple");
		HttpResponse<String> copies = this.browser.get(this.managementPort,
				"/actuator/sessiongrid/" + this.browser.sessionId());
		assertThat(copies.statusCode()).isEqualTo(200);
		// one node: it holds the primary copy and there is nowhere for a backup; the cart
		// is not shown
		assertThat(copies.body())
			.contains("\"partition\":", "\"primary\":{\"id\":", "\"name\":\"shop-0\"", "\"state\":\"owning\"",
					"\"local\":true", "\"backups\":[]")
			.doesNotContain("apple");
		assertThat(this.browser.get(this.managementPort, "/actuator/sessiongrid/" + "x".repeat(300)).statusCode())
			.isEqualTo(404);
	}

	@Test
	void actuatorExposesHealthMetricsAndPrometheusOnTheManagementPort() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(this.browser.get(this.managementPort, "/actuator/health").body()).contains("\"status\":\"UP\"");
		assertThat(this.browser.get(this.managementPort, "/actuator/metrics").body()).contains("jvm.memory.used");
		assertThat(this.browser.get(this.managementPort, "/actuator/prometheus").body()).contains("jvm_memory_used");
		assertThat(this.browser.get(this.port, "/actuator/health").statusCode()).isEqualTo(404);
	}

}
