package dev.sessiongrid.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A client that keeps the {@code SESSION} cookie and sends it to whichever instance it
 * talks to, as a browser does for every port of {@code localhost}.
 */
final class Browser {

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private @Nullable String sessionCookie;

	HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return send(request(port, path).GET());
	}

	HttpResponse<String> post(int port, String path, String name, String value)
			throws IOException, InterruptedException {
		String form = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
		return send(request(port, path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/**
	 * Returns the id of the session the cookie names: Spring Session sends it
	 * Base64-encoded.
	 * @return the session id
	 */
	String sessionId() {
		if (this.sessionCookie == null) {
			throw new IllegalStateException("No session cookie received yet");
		}
		return new String(Base64.getDecoder().decode(this.sessionCookie), StandardCharsets.UTF_8);
	}

	private HttpRequest.Builder request(int port, String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (this.sessionCookie != null) {
			builder.header("Cookie", "SESSION=" + this.sessionCookie);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("SESSION="))
			.findFirst()
			.ifPresent((cookie) -> this.sessionCookie = cookie.substring("SESSION=".length(), cookie.indexOf(';')));
		return response;
	}

}
