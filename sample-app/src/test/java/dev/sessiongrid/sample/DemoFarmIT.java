package dev.sessiongrid.sample;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.sessiongrid.ignite.TestPorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo farm of {@code scripts/demo.sh} (three instances behind HAProxy, round-robin,
 * no stickiness) in Debian's chromium, driven by Selenium: a visitor signs in, fills the
 * cart, the instance that served the last request is killed with SIGKILL, and after a
 * reload the cart and the login are still there, while the page's live cluster panel
 * shows one node fewer and then full redundancy again. Screenshots of every step are in
 * {@code target/demo-it/screenshots}. Skipped where chromium, its driver or HAProxy is
 * missing.
 */
class DemoFarmIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

	/** The load balancer's port; instance N listens on this + N. */
	private static final int PORT_BASE = 8180 + TestPorts.OFFSET;

	private static final Path STATE = Path.of("target", "demo-it").toAbsolutePath();

	private static final Path SCREENSHOTS = STATE.resolve("screenshots");

	private final Path script = Path.of(System.getProperty("demo.script", "../scripts/demo.sh")).toAbsolutePath();

	private final String farm = "http://localhost:" + PORT_BASE;

	private int screenshots;

	@Test
	void aSignedInCartSurvivesTheCrashOfTheInstanceThatServedIt() throws Exception {
		for (Path needed : List.of(CHROMIUM, CHROMEDRIVER, HAPROXY)) {
			assumeTrue(Files.isExecutable(needed), () -> needed + " is missing, so the browser test of the demo farm"
					+ " is skipped; install it with: sudo apt-get install -y chromium chromium-driver haproxy");
		}
		Files.createDirectories(SCREENSHOTS);
		Process demo = startFarm();
		try {
			WebDriver browser = chromium();
			try {
				walkThrough(browser);
			}
			finally {
				browser.quit();
			}
		}
		finally {
			stopFarm(demo);
		}
	}

	private void walkThrough(WebDriver browser) throws Exception {
		browser.get(this.farm + "/");
		awaitPanel(browser, 3, "full");
		screenshot(browser, "farm-of-three");

		browser.findElement(By.cssSelector("#login input[name=username]")).sendKeys("alice");
		browser.findElement(By.cssSelector("#login input[name=password]")).sendKeys(ShopSecurity.ALICE_PASSWORD);
		browser.findElement(By.cssSelector("#login button")).click();
		await(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("signed-in-user"), "alice"));
		screenshot(browser, "signed-in");

		List<String> products = List.of("apple", "bread", "cheese");
		for (int i = 0; i < products.size(); i++) {
			browser
				.findElement(By
					.xpath("//form[contains(@action, '/cart/add')][input[@value='" + products.get(i) + "']]/button"))
				.click();
			await(browser, Duration.ofSeconds(20))
				.until(ExpectedConditions.textToBe(By.id("cart-count"), Integer.toString(i + 1)));
		}
		screenshot(browser, "three-items");

		int servedBy = Integer.parseInt(browser.findElement(By.id("served-port")).getText());
		int instance = servedBy - PORT_BASE;
		assertThat(instance).as("the instance that served the last request").isBetween(1, 3);
		demoCommand("kill", Integer.toString(instance));

		browser.navigate().refresh();
		await(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("served-port")));
		assertThat(Integer.parseInt(browser.findElement(By.id("served-port")).getText())).isNotEqualTo(servedBy);
		assertThat(browser.findElement(By.id("cart-count")).getText()).isEqualTo("3");
		assertThat(browser.getPageSource()).contains("Apple", "Sourdough bread", "Cheese, 200 g");
		assertThat(browser.findElement(By.id("signed-in-user")).getText()).isEqualTo("alice");
		screenshot(browser, "reloaded-after-kill");

		awaitPanel(browser, 2, null);
		screenshot(browser, "one-node-fewer");
		awaitPanel(browser, 2, "full");
		await(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.attributeToBe(By.id("panel-failover"), "data-recovered", "true"));
		assertThat(browser.findElement(By.id("panel-gone")).getText()).contains("shop-" + servedBy);
		screenshot(browser, "full-redundancy-again");

		// the principal index, through a surviving instance's Actuator
		Cookie session = browser.manage().getCookieNamed("SESSION");
		assertThat(session).as("the session cookie").isNotNull();
		String sessionId = new String(Base64.getDecoder().decode(session.getValue()), StandardCharsets.UTF_8);
		int survivor = (instance % 3) + 1;
		HttpResponse<String> found = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI
					.create("http://127.0.0.1:" + (PORT_BASE + survivor + 10000) + "/actuator/sessions?username=alice"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(found.body()).contains("\"id\":\"" + sessionId + "\"");
	}

	/**
	 * Waits until the live panel shows the given number of nodes and, unless
	 * {@code null}, the given state ({@code full}, {@code under-replicated}, ...).
	 */
	private static void awaitPanel(WebDriver browser, int nodes, @Nullable String state) {
		ExpectedCondition<Boolean> nodesShown = ExpectedConditions.attributeToBe(By.id("panel-status"), "data-nodes",
				Integer.toString(nodes));
		await(browser, Duration.ofSeconds(60)).until(
				(state != null)
						? ExpectedConditions.and(nodesShown,
								ExpectedConditions.attributeToBe(By.id("panel-status"), "data-state", state))
						: nodesShown);
	}

	private static WebDriverWait await(WebDriver browser, Duration timeout) {
		return new WebDriverWait(browser, timeout, Duration.ofMillis(200));
	}

	private void screenshot(WebDriver browser, String name) throws IOException {
		File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(String.format("%02d-%s.png", ++this.screenshots, name)),
				StandardCopyOption.REPLACE_EXISTING);
	}

	private static WebDriver chromium() throws IOException {
		ChromeOptions options = new ChromeOptions();
		// both paths given, so Selenium Manager looks for nothing and downloads nothing
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1200,1700", "--user-data-dir=" + Files.createTempDirectory(STATE, "chromium-profile"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(STATE.resolve("chromedriver.log").toFile())
			.build();
		return new ChromeDriver(service, options);
	}

	private Process startFarm() throws Exception {
		Path output = STATE.resolve("demo.out");
		ProcessBuilder builder = new ProcessBuilder("bash", this.script.toString()).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		environment(builder.environment());
		Process demo = builder.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
		while (System.nanoTime() < deadline) {
			String printed = Files.readString(output);
			if (printed.contains("Demo farm ready")) {
				return demo;
			}
			if (!demo.isAlive()) {
				throw new IllegalStateException("scripts/demo.sh ended with " + demo.exitValue() + ":\n" + printed);
			}
			Thread.sleep(500);
		}
		stopFarm(demo);
		throw new IllegalStateException("the demo farm was not ready within 240 s:\n" + Files.readString(output));
	}

	/**
	 * Stops the farm as Ctrl-C does, and checks that nothing it started still listens.
	 */
	private void stopFarm(Process demo) throws Exception {
		demo.destroy();
		assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("scripts/demo.sh stopped within 60 s").isTrue();
		List<Integer> stillOpen = new ArrayList<>();
		for (int port = PORT_BASE; port <= PORT_BASE + 3; port++) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				stillOpen.add(port);
			}
			catch (IOException ex) {
				// closed, as it should be
			}
		}
		assertThat(stillOpen).as("ports of the farm still open after it stopped").isEmpty();
	}

	private void demoCommand(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", this.script.toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			// a file of its own: the farm's script writes on in demo.out, over what is
			// appended
			.redirectOutput(ProcessBuilder.Redirect.appendTo(STATE.resolve("demo-" + arguments[0] + ".out").toFile()));
		environment(builder.environment());
		Process process = builder.start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("scripts/demo.sh " + String.join(" ", arguments)).isZero();
	}

	private static void environment(Map<String, String> environment) {
		environment.put("DEMO_PORT_BASE", Integer.toString(PORT_BASE));
		environment.put("DEMO_DISCOVERY_PORT", Integer.toString(TestPorts.DEMO.discoveryPort()));
		environment.put("DEMO_COMMUNICATION_PORT", Integer.toString(TestPorts.DEMO.communicationPort()));
		environment.put("DEMO_STATE_DIR", STATE.toString());
	}

}
