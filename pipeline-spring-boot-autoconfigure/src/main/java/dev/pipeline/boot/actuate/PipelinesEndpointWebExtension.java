package dev.pipeline.boot.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of {@link PipelinesEndpoint}: the same operations, answered with status
 * codes and an {@link ErrorDescriptor} body: 404 for an unknown pipeline, 400 for an
 * unknown action or invalid arguments or overrides (the running pipeline untouched), 409
 * when the pipeline's state does not allow the action (start while running, rate-limit
 * without a rate limit).
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = PipelinesEndpoint.class)
public class PipelinesEndpointWebExtension {

	private final PipelinesEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public PipelinesEndpointWebExtension(PipelinesEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * {@code GET /actuator/pipelines}.
	 * @return every pipeline
	 */
	@ReadOperation
	public PipelinesDescriptor pipelines() {
		return this.delegate.pipelines();
	}

	/**
	 * {@code GET /actuator/pipelines/{name}}.
	 * @param name the pipeline's name
	 * @return 200 with a {@link PipelineDescriptor}, or 404 with an
	 * {@link ErrorDescriptor}
	 */
	@ReadOperation
	public WebEndpointResponse<Object> pipeline(@Selector String name) {
		PipelineDescriptor descriptor = this.delegate.pipeline(name);
		if (descriptor == null) {
			return new WebEndpointResponse<>(new ErrorDescriptor(name, "unknown-pipeline",
					List.of("No pipeline named '" + name + "'."), null, List.of()),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(descriptor);
	}

	/**
	 * {@code POST /actuator/pipelines/{name}}.
	 * @param name the pipeline's name
	 * @param action the action
	 * @param overrides for {@code restart}: settings to change, a JSON object of keys
	 * relative to the pipeline
	 * @param allowedMessages for {@code rate-limit}: messages per interval
	 * @param interval for {@code rate-limit}: the interval
	 * @return 200 with an {@link ActionResultDescriptor}, or 400, 404 or 409 with an
	 * {@link ErrorDescriptor}
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector String name, String action, @Nullable Object overrides,
			@Nullable Integer allowedMessages, @Nullable String interval) {
		PipelineActions.Outcome outcome = this.delegate.perform(name, action, overrides, allowedMessages, interval);
		return new WebEndpointResponse<>(outcome.body(), outcome.status());
	}

}
