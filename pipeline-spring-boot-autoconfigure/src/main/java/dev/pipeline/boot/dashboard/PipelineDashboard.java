package dev.pipeline.boot.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Serves the live pipelines dashboard: one HTML page with its script and stylesheet, read
 * from {@code META-INF/pipeline-dashboard/} on the classpath. The page polls
 * {@code GET <endpoint>} and {@code GET <endpoint>/{name}}, posts actions to {@code POST
 * <endpoint>/{name}} and follows a drain or restart at {@code GET
 * <endpoint>/{name}/operations/{id}}; it holds no data of its own (but a minute of
 * history, in the page), so it is exactly as protected as the endpoint it calls.
 *
 * <p>
 * The endpoint's path and whether it accepts writes are looked up on each request (the
 * servlet context path included), and written into the page's {@code <body>} as
 * {@code data-} attributes, HTML-escaped. When Actuator has a port of its own
 * ({@code management.server.port}), the management server serves the page, so that it
 * calls the endpoint on its own origin, and the application's port redirects there
 * ({@link #redirectRoutes}).
 *
 * @since 0.1.0
 */
public final class PipelineDashboard {

	/** Where the page's files are on the classpath. */
	static final String LOCATION = "META-INF/pipeline-dashboard/";

	/** The page's files other than the HTML page, and their media types. */
	private static final Map<String, MediaType> ASSETS = Map.of("dashboard.js",
			MediaType.parseMediaType("text/javascript;charset=UTF-8"), "dashboard.css",
			MediaType.parseMediaType("text/css;charset=UTF-8"));

	private final String path;

	private final Duration refreshInterval;

	private final Supplier<EndpointLink> endpoint;

	private final String template;

	/**
	 * Creates the dashboard.
	 * @param path where the page is served, such as {@code /pipelines-dashboard}
	 * @param refreshInterval how often the page reads the endpoint
	 * @param endpoint finds the {@code pipelines} endpoint, called on each page request
	 * @throws IllegalArgumentException if the path does not start with {@code /} or the
	 * interval is not positive
	 */
	public PipelineDashboard(String path, Duration refreshInterval, Supplier<EndpointLink> endpoint) {
		Assert.isTrue(path.startsWith("/"), () -> "Invalid value '" + path
				+ "' for 'pipeline.dashboard.path': must start with '/'. Action: set a path such as /pipelines-dashboard.");
		Assert.isTrue(!refreshInterval.isNegative() && !refreshInterval.isZero(), () -> "Invalid value '"
				+ refreshInterval
				+ "' for 'pipeline.dashboard.refresh-interval': must be positive. Action: set a duration such as 1s.");
		this.path = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		this.refreshInterval = refreshInterval;
		this.endpoint = endpoint;
		this.template = read("index.html");
	}

	/**
	 * The routes: the page at the path (with or without a trailing slash) and its files
	 * below it.
	 * @return the router function
	 */
	public RouterFunction<ServerResponse> routes() {
		RouterFunctions.Builder routes = RouterFunctions.route()
			.GET(this.path, this::page)
			.GET(this.path + "/", this::page);
		ASSETS.forEach((name, type) -> {
			String body = read(name);
			routes.GET(this.path + "/" + name,
					(request) -> ServerResponse.ok().contentType(type).cacheControl(CacheControl.noCache()).body(body));
		});
		return routes.build();
	}

	/**
	 * Routes for the application's port when Actuator runs on its own
	 * {@code management.server.port}: the page's path answers with a redirect to the page
	 * on the management server, which serves it ({@link #routes()} there) next to the
	 * endpoint it calls.
	 * @param managementPort the management server's port, once it is known
	 * @param managementBasePath the management server's context path
	 * ({@code management.server.base-path}), empty for none
	 * @return the router function
	 * @since 0.2.0
	 */
	public RouterFunction<ServerResponse> redirectRoutes(Supplier<@Nullable Integer> managementPort,
			String managementBasePath) {
		HandlerFunction<ServerResponse> redirect = (request) -> {
			Integer port = managementPort.get();
			if (port == null) {
				return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
					.contentType(MediaType.TEXT_PLAIN)
					.body("The pipelines dashboard is served by the management server, which has not started yet.");
			}
			URI target = UriComponentsBuilder.fromUri(request.uri())
				.port(port)
				.replacePath(managementBasePath + this.path)
				.replaceQuery(null)
				.build()
				.toUri();
			return ServerResponse.temporaryRedirect(target).build();
		};
		return RouterFunctions.route().GET(this.path, redirect).GET(this.path + "/", redirect).build();
	}

	/**
	 * @return where the page is served, such as {@code /pipelines-dashboard}
	 */
	public String path() {
		return this.path;
	}

	ServerResponse page(ServerRequest request) {
		String context = request.servletRequest().getContextPath();
		EndpointLink link = this.endpoint.get();
		String html = this.template.replace("{{assets}}", escape(context + this.path))
			.replace("{{endpoint}}", (link.path() != null) ? escape(context + link.path()) : "")
			.replace("{{writable}}", String.valueOf(link.writable()))
			.replace("{{refresh}}", String.valueOf(this.refreshInterval.toMillis()));
		return ServerResponse.ok()
			.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
			.cacheControl(CacheControl.noStore())
			.body(html);
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
	}

	private static String read(String name) {
		try (InputStream in = new ClassPathResource(LOCATION + name, PipelineDashboard.class.getClassLoader())
			.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the dashboard's " + name + " from the classpath", ex);
		}
	}

}
