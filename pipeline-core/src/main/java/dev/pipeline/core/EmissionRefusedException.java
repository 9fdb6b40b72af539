package dev.pipeline.core;

import java.io.Serial;
import java.util.List;

/**
 * Thrown by an {@link Emitter} to the source that emits after the pipeline stopped taking
 * messages: once {@link Source#stopFetching()} has returned (a drain started), or once
 * the source was stopped. The refused messages were not taken: they are not processed,
 * and the pipeline will never acknowledge them. The source keeps them and releases them
 * to its broker for redelivery (a RabbitMQ delivery left unacknowledged, a Kafka offset
 * not committed), or queues them again.
 *
 * @since 0.1.0
 */
public final class EmissionRefusedException extends IllegalStateException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient List<? extends Message<?>> refused;

	/**
	 * Creates the exception.
	 * @param message what happened, naming the pipeline and the source
	 * @param refused the messages that were not taken
	 */
	public EmissionRefusedException(String message, List<? extends Message<?>> refused) {
		super(message);
		this.refused = List.copyOf(refused);
	}

	/**
	 * Returns the messages the pipeline did not take, in the order they were emitted.
	 * @return the refused messages
	 */
	public List<? extends Message<?>> refused() {
		return this.refused;
	}

}
