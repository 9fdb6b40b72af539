package dev.pipeline.boot.dashboard;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;

/**
 * Where the dashboard finds the {@code pipelines} endpoint, and whether it may act on it.
 *
 * @param path the endpoint's path below the servlet context, such as
 * {@code /actuator/pipelines}, or {@code null} when the endpoint is not exposed over HTTP
 * @param writable whether {@code POST /actuator/pipelines/{name}} is mapped (the
 * endpoint's access is {@code unrestricted})
 * @since 0.1.0
 */
public record EndpointLink(@Nullable String path, boolean writable) {

	/** The endpoint's id. */
	static final EndpointId PIPELINES = EndpointId.of("pipelines");

	/** No endpoint: the page explains how to expose it. */
	public static final EndpointLink NONE = new EndpointLink(null, false);

	/**
	 * Finds the {@code pipelines} endpoint among the web endpoints. Its write operation
	 * is only discovered when the endpoint's access allows writes, so its presence is
	 * what enables the page's buttons.
	 * @param endpoints the application's path-mapped endpoints, or {@code null} when
	 * Actuator exposes none over HTTP
	 * @return the link
	 */
	public static EndpointLink of(@Nullable PathMappedEndpoints endpoints) {
		if (endpoints == null) {
			return NONE;
		}
		PathMappedEndpoint endpoint = endpoints.getEndpoint(PIPELINES);
		if (endpoint == null) {
			return NONE;
		}
		boolean writable = endpoint instanceof ExposableWebEndpoint web && web.getOperations()
			.stream()
			.anyMatch((operation) -> operation.getRequestPredicate().getHttpMethod() == WebEndpointHttpMethod.POST);
		return new EndpointLink(endpoints.getPath(PIPELINES), writable);
	}

}
