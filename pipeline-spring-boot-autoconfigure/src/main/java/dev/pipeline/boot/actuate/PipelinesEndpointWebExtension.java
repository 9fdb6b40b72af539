package dev.pipeline.boot.actuate;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of {@link PipelinesEndpoint}: the same operations, answered with status
 * codes and an {@link ErrorDescriptor} body: 404 for an unknown pipeline or operation,
 * 400 for an unknown action or invalid arguments or overrides (the running pipeline
 * untouched), 409 when the pipeline's state does not allow the action (start while
 * running, rate-limit without a rate limit) or a drain or restart is under way.
 *
 * <p>
 * {@code drain} and {@code restart} answer {@code 202 Accepted} with an
 * {@link OperationDescriptor} whose {@code href} is
 * {@code /actuator/pipelines/{name}/operations/{id}}; that read answers the operation as
 * it is, or, with {@code ?wait=30s}, once it finished or the wait ran out (200 either
 * way: see its {@code state}).
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = PipelinesEndpoint.class)
public class PipelinesEndpointWebExtension {

	/** The path segment below a pipeline where its operations are read. */
	static final String OPERATIONS = "operations";

	private final PipelinesEndpoint delegate;

	private final Supplier<String> path;

	/**
	 * Creates the extension, linking operations below {@code /actuator/pipelines}.
	 * @param delegate the endpoint
	 */
	public PipelinesEndpointWebExtension(PipelinesEndpoint delegate) {
		this(delegate, () -> "/actuator/pipelines");
	}

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 * @param path the endpoint's path, such as {@code /actuator/pipelines}, for the links
	 * to operations; called when a link is made
	 * @since 0.2.0
	 */
	public PipelinesEndpointWebExtension(PipelinesEndpoint delegate, Supplier<String> path) {
		this.delegate = delegate;
		this.path = path;
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
	 * {@code GET /actuator/pipelines/{name}/operations/{id}}, optionally with
	 * {@code ?wait=30s}.
	 * @param name the pipeline's name
	 * @param operations always {@code operations}
	 * @param id the operation's id
	 * @param wait how long to wait for the operation to finish (at most 60s), or
	 * {@code null}
	 * @return 200 with an {@link OperationDescriptor}, 400 for an invalid {@code wait},
	 * or 404 with an {@link ErrorDescriptor}
	 * @since 0.2.0
	 */
	@ReadOperation
	public WebEndpointResponse<Object> operation(@Selector String name, @Selector String operations,
			@Selector String id, @Nullable String wait) {
		if (!OPERATIONS.equals(operations)) {
			return new WebEndpointResponse<>(new ErrorDescriptor(name, "not-found",
					List.of("Nothing at '" + operations + "' below pipeline '" + name + "'."),
					"Read an operation at " + this.path.get() + "/" + name + "/" + OPERATIONS + "/{id}.", List.of()),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return answer(this.delegate.readOperation(name, id, wait));
	}

	/**
	 * {@code POST /actuator/pipelines/{name}}.
	 * @param name the pipeline's name
	 * @param action the action (see {@link PipelineAction})
	 * @param overrides for {@code restart}: settings to change, a JSON object of keys
	 * relative to the pipeline
	 * @param allowedMessages for {@code rate-limit}: messages per interval
	 * @param interval for {@code rate-limit}: the interval
	 * @return 200 with an {@link ActionResultDescriptor}, 202 with an
	 * {@link OperationDescriptor} for {@code drain} and {@code restart}, or 400, 404 or
	 * 409 with an {@link ErrorDescriptor}
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector String name, String action, @Nullable Object overrides,
			@Nullable Integer allowedMessages, @Nullable String interval) {
		return answer(this.delegate.perform(name, action, overrides, allowedMessages, interval));
	}

	private WebEndpointResponse<Object> answer(PipelineActions.Outcome outcome) {
		Object body = outcome.body();
		if (body instanceof OperationDescriptor operation) {
			body = operation
				.withHref(this.path.get() + "/" + operation.pipeline() + "/" + OPERATIONS + "/" + operation.id());
		}
		return new WebEndpointResponse<>(body, outcome.status());
	}

}
