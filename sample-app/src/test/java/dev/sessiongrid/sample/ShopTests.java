package dev.sessiongrid.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

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

	@Autowired
	private WebApplicationContext web;

	@Autowired
	private SessionRepositoryFilter<?> sessionRepositoryFilter;

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
		this.browser.submit(this.port, "/cart/add", "product", "wine");
		this.browser.submit(this.port, "/cart/add", "product", "wine");
		HttpResponse<String> redirect = this.browser.submit(this.port, "/cart/remove", "product", "wine");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(this.browser.get(this.port, "/api/cart").body()).contains("\"product\":\"wine\"", "\"quantity\":1");
	}

	@Test
	void thePageShowsTheCartTheInstanceAndWhereTheSessionsCopiesAre() throws Exception {
		this.browser.submit(this.port, "/cart/add", "product", "cheese");
		HttpResponse<String> page = this.browser.get(this.port, "/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Cheese, 200 g")
			.contains("Served by the instance on port <strong id=\"served-port\">" + this.port + "</strong>")
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
	void aFormPostWithoutTheCsrfTokenIsRefused() throws Exception {
		this.browser.get(this.port, "/");
		assertThat(this.browser.post(this.port, "/cart/add", "product", "apple").statusCode()).isEqualTo(403);
		assertThat(this.browser.get(this.port, "/api/cart").body()).contains("\"items\":[]");
	}

	@Test
	void signingInKeepsTheCartNamesTheSessionsUserAndGivesItANewId() throws Exception {
		this.browser.post(this.port, "/api/cart/items", "product", "olives");
		String before = this.browser.sessionId();
		HttpResponse<String> login = this.browser.submit(this.port, "/login", "username", "alice", "password",
				ShopSecurity.ALICE_PASSWORD);
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/"));
		assertThat(this.browser.sessionId()).isNotEqualTo(before);
		assertThat(this.sessions.findByPrincipalName("alice")).containsOnlyKeys(this.browser.sessionId());
		assertThat(this.browser.get(this.port, "/").body())
			.contains("Signed in as <strong id=\"signed-in-user\">alice</strong>");
		assertThat(this.browser.get(this.port, "/api/cart").body()).contains("\"user\":\"alice\"",
				"\"product\":\"olives\"");
		this.browser.submit(this.port, "/logout");
		assertThat(this.sessions.findByPrincipalName("alice")).isEmpty();
		assertThat(this.browser.get(this.port, "/api/cart").body()).contains("\"user\":null", "\"items\":[]");
	}

	@Test
	void aWrongPasswordIsRefused() throws Exception {
		HttpResponse<String> login = this.browser.submit(this.port, "/login", "username", "bob", "password",
				ShopSecurity.ALICE_PASSWORD);
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/?login-error"));
		assertThat(this.browser.get(this.port, "/?login-error").body()).contains("Wrong user name or password")
			.doesNotContain("Signed in as");
		assertThat(this.sessions.findByPrincipalName("bob")).isEmpty();
	}

	@Test
	void theClusterPanelsEndpointShowsTheNodesTheReplicationAndTheSessionsCopy() throws Exception {
		this.browser.post(this.port, "/api/cart/items", "product", "bread");
		HttpResponse<String> cluster = this.browser.get(this.port, "/api/cluster");
		assertThat(cluster.statusCode()).isEqualTo(200);
		// one node with backups=1: every partition lacks its backup, and the node is
		// primary of all of them
		assertThat(cluster.body())
			.contains("\"servedBy\":{\"port\":" + this.port + ",\"node\":\"shop-0\"}", "\"name\":\"shop-0\"",
					"\"local\":true", "\"sessionCopy\":\"primary\"", "\"serverNodes\":1", "\"backups\":1",
					"\"fullyReplicated\":false", "\"lostPartitions\":0", "\"lastFailover\":null")
			.containsPattern("\"primaries\":(\\d+),\"backups\":0,")
			.containsPattern("\"underReplicatedPartitions\":[1-9]");
	}

	@Test
	void pollingTheClusterPanelCreatesNoSession() throws Exception {
		Browser anonymous = new Browser();
		assertThat(anonymous.get(this.port, "/api/cluster").headers().allValues("Set-Cookie")).isEmpty();
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

	/**
	 * Session cookies a client may send that name no session: 10 KB of text, the same
	 * base64-encoded (as Spring Session's cookies are), odd characters, empty, blank, and
	 * encoded ids that are malformed or unknown.
	 */
	static List<String> hostileSessionCookies() {
		return List.of("x".repeat(10 * 1024), base64("x".repeat(10 * 1024)), "\"<\u00e9>;\\,%00\u0001=", "", "   ",
				base64("bad id\n"), base64("\u0000"), base64("no-such-session"));
	}

	@ParameterizedTest
	@MethodSource("hostileSessionCookies")
	void aHostileSessionCookieReadsAsNoSession(String value) throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.web).addFilters(this.sessionRepositoryFilter).build();
		MockHttpServletResponse response = mvc.perform(get("/api/cart").cookie(new Cookie("SESSION", value)))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).contains("\"items\":[]");
		// a session of its own, new
		Cookie issued = response.getCookie("SESSION");
		assertThat(issued).isNotNull();
		assertThat(issued.getValue()).isNotEmpty().isNotEqualTo(value);
		String id = new String(Base64.getDecoder().decode(issued.getValue()), StandardCharsets.UTF_8);
		assertThat(this.sessions.findById(id)).isNotNull();
	}

	@Test
	void overTheWireOddAndEmptySessionCookiesReadAsNoSessionAndTenKilobytesAreRefusedByTheServer() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		for (String value : List.of("\"<\u00e9>;\\,%00", "", base64("bad id\n"))) {
			HttpResponse<String> response = client.send(cartRequest(value), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("cookie %s", value).isEqualTo(200);
			assertThat(response.body()).contains("\"items\":[]");
			assertThat(response.headers().allValues("Set-Cookie")).anyMatch((cookie) -> cookie.startsWith("SESSION="));
		}
		// beyond Tomcat's request header limit (8 KB): refused before it reaches the
		// application, and the next request is served
		HttpResponse<String> tooLarge = client.send(cartRequest("x".repeat(10 * 1024)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(tooLarge.statusCode()).isEqualTo(400);
		assertThat(client.send(cartRequest(""), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}

	private HttpRequest cartRequest(String sessionCookie) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/cart"))
			.header("Cookie", "SESSION=" + sessionCookie)
			.build();
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
