package dev.pipeline.testbrokers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket from
 * {@code java.net.http}): navigate, evaluate JavaScript, take screenshots. No WebDriver,
 * nothing downloaded. Chromium is {@code /usr/bin/chromium} or
 * {@code -Dchromium.binary=<path>}; when it is missing, {@link #launch} fails the test
 * with how to install it.
 */
public final class Chromium implements AutoCloseable {

	/** Where Debian's {@code chromium} package puts the browser. */
	private static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^/]+)/");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final AtomicInteger ids = new AtomicInteger();

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private Chromium(Process process, Path profile, String debugger) {
		this.process = process;
		this.profile = profile;
		this.socket = this.http.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(URI.create(debugger), new Listener())
			.join();
	}

	/**
	 * Starts a headless Chromium with a fresh profile and a window of the given size.
	 * @param width the window's width in CSS pixels
	 * @param height the window's height
	 * @return the browser, showing {@code about:blank}
	 * @throws AssertionError if Chromium is not installed
	 */
	public static Chromium launch(int width, int height) {
		if (!Files.isExecutable(BINARY)) {
			throw new AssertionError("Chromium is not installed at " + BINARY
					+ "; the dashboard tests drive it headless. Install it as root with "
					+ "'apt-get update && apt-get install -y chromium chromium-driver' (scripts/test.sh does), "
					+ "or point -Dchromium.binary at a Chromium or Chrome binary.");
		}
		try {
			Path profile = Files.createTempDirectory("pipeline-chromium-");
			Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
					"--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=" + width + "," + height,
					"about:blank")
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			String browser = awaitDevTools(process);
			return new Chromium(process, profile, pageTarget(browser));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String awaitDevTools(Process process) {
		CompletableFuture<String> address = new CompletableFuture<>();
		List<String> lines = new ArrayList<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					Matcher matcher = LISTENING.matcher(line);
					if (matcher.find()) {
						address.complete(matcher.group(1));
					}
					else if (!address.isDone()) {
						lines.add(line);
					}
				}
			}
			catch (IOException ex) {
				address.completeExceptionally(ex);
			}
			address.completeExceptionally(new IllegalStateException("Chromium exited: " + String.join("\n", lines)));
		}, "chromium-stderr");
		reader.setDaemon(true);
		reader.start();
		try {
			return address.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException("Chromium did not open its DevTools port", ex);
		}
	}

	/** The DevTools WebSocket of the first page, from {@code /json/list}. */
	private static String pageTarget(String browser) {
		URI list = URI.create(browser.replace("ws://", "http://") + "/json/list");
		JsonMapper json = JsonMapper.builder().build();
		HttpClient http = HttpClient.newHttpClient();
		return await().atMost(TIMEOUT).until(() -> {
			String body = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body();
			for (JsonNode target : json.readTree(body)) {
				if ("page".equals(target.path("type").asString())) {
					return target.path("webSocketDebuggerUrl").asString();
				}
			}
			return "";
		}, (address) -> !address.isEmpty());
	}

	/**
	 * Opens a page; wait for what it shows with {@link #evaluate}.
	 * @param url the address
	 */
	public void navigate(String url) {
		send("Page.navigate", Map.of("url", url));
	}

	/**
	 * Evaluates a JavaScript expression in the page, awaiting it if it is a promise.
	 * @param expression the expression
	 * @return its value, as JSON
	 */
	public JsonNode evaluate(String expression) {
		JsonNode result = send("Runtime.evaluate",
				Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
		if (result.has("exceptionDetails")) {
			throw new AssertionError("JavaScript failed: " + result.get("exceptionDetails"));
		}
		return result.path("result").path("value");
	}

	/**
	 * Saves a PNG of the whole page, as wide as the window and as tall as the document.
	 * @param file where to
	 */
	public void screenshot(Path file) {
		int width = evaluate("document.documentElement.clientWidth").asInt();
		int height = evaluate("Math.ceil(document.documentElement.scrollHeight)").asInt();
		send("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
		try {
			String png = send("Page.captureScreenshot", Map.of("format", "png")).path("data").asString();
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, Base64.getDecoder().decode(png));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			send("Emulation.clearDeviceMetricsOverride", Map.of());
		}
	}

	private JsonNode send(String method, Map<String, Object> params) {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		String message = this.json.writeValueAsString(Map.of("id", id, "method", method, "params", params));
		this.socket.sendText(message, true).join();
		try {
			JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (reply.has("error")) {
				throw new IllegalStateException(method + " failed: " + reply.get("error"));
			}
			return reply.path("result");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(method + " got no answer from Chromium", ex);
		}
		finally {
			this.pending.remove(id);
		}
	}

	/**
	 * Stops the browser and its helper processes (renderers, zygotes), then deletes the
	 * profile once nothing writes to it any more.
	 */
	@Override
	public void close() {
		this.socket.abort();
		List<ProcessHandle> helpers = this.process.descendants().toList();
		this.process.destroy();
		helpers.forEach(ProcessHandle::destroy);
		await().atMost(TIMEOUT)
			.until(() -> !this.process.isAlive() && helpers.stream().noneMatch(ProcessHandle::isAlive));
		await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
			FileSystemUtils.deleteRecursively(this.profile);
			return !Files.exists(this.profile);
		});
	}

	/** Assembles text frames into messages and completes the call each answers. */
	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				JsonNode message = Chromium.this.json.readTree(this.partial.toString());
				this.partial.setLength(0);
				if (message.has("id")) {
					CompletableFuture<JsonNode> call = Chromium.this.pending.get(message.get("id").asInt());
					if (call != null) {
						call.complete(message);
					}
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
