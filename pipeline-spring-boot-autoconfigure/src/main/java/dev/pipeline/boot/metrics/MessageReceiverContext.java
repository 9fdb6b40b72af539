package dev.pipeline.boot.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.pipeline.core.Message;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one message handled in a pipeline: a {@link ReceiverContext}
 * whose carrier is the message, so a tracing handler continues the trace whose context
 * the message carries in its headers. Made by {@link PipelineObservations} on the
 * processor thread that handles the message; conventions read it on that thread.
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

	/**
	 * The metadata keys of a message's id, in the order they are tried (AMQP,
	 * EventRelay).
	 */
	static final String[] MESSAGE_ID_KEYS = { "messageId", "id" };

	private final String pipeline;

	private final PipelineMessaging messaging;

	private @Nullable String outcome;

	/** The default convention's keys, when the decorator computed them ahead. */
	@Nullable PipelineKeyValues keys;

	/**
	 * Creates the context of a message whose source is not known.
	 * @param pipeline the pipeline's name
	 * @param message the message
	 */
	public MessageReceiverContext(String pipeline, Message<?> message) {
		this(pipeline, PipelineMessaging.of(PipelineMessaging.OWN_SOURCE), message);
	}

	/**
	 * Creates the context.
	 * @param pipeline the pipeline's name
	 * @param messaging where the pipeline's messages come from
	 * @param message the message
	 * @since 0.3.0
	 */
	public MessageReceiverContext(String pipeline, PipelineMessaging messaging, Message<?> message) {
		super(MessageReceiverContext::header);
		this.pipeline = pipeline;
		this.messaging = messaging;
		setCarrier(message);
		setRemoteServiceName(messaging.system());
	}

	/**
	 * @return the pipeline's name
	 */
	public String getPipeline() {
		return this.pipeline;
	}

	/**
	 * @return where the pipeline's messages come from
	 * @since 0.3.0
	 */
	public PipelineMessaging getMessaging() {
		return this.messaging;
	}

	/**
	 * @return the message while its observation runs; {@code null} once the observation
	 * of a message routed to a batcher stopped (its batch keeps the context, not the
	 * message)
	 * @since 0.3.0
	 */
	public @Nullable Message<?> getMessage() {
		return getCarrier();
	}

	/**
	 * @return the message's id when its source gives one, else {@code null}
	 * @since 0.3.0
	 */
	public @Nullable String getMessageId() {
		Message<?> message = getCarrier();
		if (message == null) {
			return null;
		}
		Map<String, Object> metadata = message.metadata();
		for (String key : MESSAGE_ID_KEYS) {
			Object id = metadata.get(key);
			if (id != null) {
				return id.toString();
			}
		}
		return null;
	}

	/**
	 * @return {@code success} or {@code failure} once the handler returned, else
	 * {@code null}
	 * @since 0.3.0
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * Lets go of the message once the observation stopped, so that a context kept for the
	 * message's batch does not keep the message (and its origin, the key it is kept
	 * under) reachable.
	 */
	void releaseMessage() {
		setCarrier(null);
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
