package dev.pipeline.boot.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP client for tests against a running application on a local port.
 */
public final class Http {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable String authorization;

	private Http(String base, @Nullable String authorization) {
		this.base = base;
		this.authorization = authorization;
	}

	public static Http localhost(int port) {
		return new Http("http://localhost:" + port, null);
	}

	public Http withBasicAuth(String user, String password) {
		String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new Http(this.base, "Basic " + token);
	}

	public Answer get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	public Answer post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private Answer send(HttpRequest.Builder request) {
		request.timeout(Duration.ofSeconds(60));
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param body the body
	 */
	public record Answer(int status, String body) {

		public DocumentContext json() {
			return JsonPath.parse(this.body);
		}

		public <T> T read(String path) {
			return JsonPath.read(this.body, path);
		}

	}

}
