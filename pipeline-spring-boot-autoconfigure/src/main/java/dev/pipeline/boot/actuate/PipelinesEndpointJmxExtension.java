package dev.pipeline.boot.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.jmx.annotation.EndpointJmxExtension;

/**
 * The JMX side of {@link PipelinesEndpoint}: its operations ({@code pipelines},
 * {@code pipeline}, {@code act}), plus {@code operation(name, id, wait)} to read a
 * {@code drain} or {@code restart} that {@code act} started, waiting for it to finish
 * when {@code wait} is a duration such as {@code 30s}.
 *
 * @since 0.2.0
 */
@EndpointJmxExtension(endpoint = PipelinesEndpoint.class)
public class PipelinesEndpointJmxExtension {

	private final PipelinesEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public PipelinesEndpointJmxExtension(PipelinesEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Reads an operation.
	 * @param name the pipeline's name
	 * @param id the operation's id, from the descriptor {@code act} returned
	 * @param wait how long to wait for it to finish, such as {@code 30s} (at most 60s),
	 * or {@code null} to answer at once
	 * @return the operation
	 * @throws InvalidEndpointRequestException if there is no such pipeline or operation,
	 * or {@code wait} is not a duration
	 */
	@ReadOperation
	public OperationDescriptor operation(String name, String id, @Nullable String wait) {
		return this.delegate.operation(name, id, wait);
	}

}
