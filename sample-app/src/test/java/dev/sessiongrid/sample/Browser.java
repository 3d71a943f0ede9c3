package dev.sessiongrid.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A client that keeps the {@code SESSION} cookie and sends it to whichever instance it
 * talks to, as a browser does for every port of {@code localhost}. {@link #post} sends
 * what curl or a script would (the JSON API takes it without a CSRF token),
 * {@link #submit} what the page's forms send.
 */
final class Browser {

	private static final Pattern CSRF_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private @Nullable String sessionCookie;

	HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return send(request(port, path).GET());
	}

	HttpResponse<String> post(int port, String path, String name, String value)
			throws IOException, InterruptedException {
		return post(port, path, List.of(name, value));
	}

	/**
	 * Submits a form of the shop's page as a browser does: with the CSRF token the page
	 * gives its forms, read from the page just before.
	 * @param port the instance's HTTP port
	 * @param path where the form posts to
	 * @param namesAndValues the form's fields, name then value
	 * @return the response
	 */
	HttpResponse<String> submit(int port, String path, String... namesAndValues)
			throws IOException, InterruptedException {
		String page = get(port, "/").body();
		Matcher token = CSRF_TOKEN.matcher(page);
		if (!token.find()) {
			throw new IllegalStateException("The page has no CSRF token in its forms:\n" + page);
		}
		List<String> fields = new ArrayList<>(List.of(namesAndValues));
		fields.addAll(List.of("_csrf", token.group(1)));
		return post(port, path, fields);
	}

	private HttpResponse<String> post(int port, String path, List<String> namesAndValues)
			throws IOException, InterruptedException {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
			form.append((i > 0) ? "&" : "")
				.append(URLEncoder.encode(namesAndValues.get(i), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(namesAndValues.get(i + 1), StandardCharsets.UTF_8));
		}
		return send(request(port, path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.toString())));
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
