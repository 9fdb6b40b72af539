package dev.pipeline.boot.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.pipeline.core.Message;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one message handled in a pipeline: a {@link ReceiverContext}
 * whose carrier is the message, so a tracing handler continues the trace whose context
 * the message carries in its headers.
 *
 * <p>
 * Headers are read from the message's metadata: first from a map under the key
 * {@value #HEADERS} (where the RabbitMQ and Kafka sources put AMQP and Kafka headers),
 * then from a metadata entry of the same name (e.g. a flat {@code traceparent}).
 * {@code byte[]} values (Kafka) are read as UTF-8.
 *
 * @since 0.1.0
 */
public final class MessageReceiverContext extends ReceiverContext<Message<?>> {

	/** The metadata key of a message's headers. */
	public static final String HEADERS = "headers";

	private final String pipeline;

	/**
	 * Creates the context.
	 * @param pipeline the pipeline's name
	 * @param message the message
	 */
	public MessageReceiverContext(String pipeline, Message<?> message) {
		super(MessageReceiverContext::header);
		this.pipeline = pipeline;
		setCarrier(message);
	}

	/**
	 * @return the pipeline's name
	 */
	public String getPipeline() {
		return this.pipeline;
	}

	/**
	 * Reads a header of a message.
	 * @param message the message
	 * @param key the header's name
	 * @return its value as text, or {@code null}
	 */
	static @Nullable String header(Message<?> message, String key) {
		Map<String, Object> metadata = message.metadata();
		Object value = null;
		if (metadata.get(HEADERS) instanceof Map<?, ?> headers) {
			value = headers.get(key);
		}
		if (value == null) {
			value = metadata.get(key);
		}
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value != null) ? value.toString() : null;
	}

}
