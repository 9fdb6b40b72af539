package dev.pipeline.rabbitmq;

import java.util.Objects;

/**
 * A per-message change to how a RabbitMQ message is settled, for
 * {@link dev.pipeline.core.Message#configureAck(Object)}: Broadway's
 * {@code configure_ack(message, on_failure: :reject)}.
 *
 * <pre class="code">
 * return message.configureAck(RabbitAckOption.onFailure(AckMode.REQUEUE)).failed("Stock service is down.");
 * </pre>
 *
 * @since 0.1.0
 */
public sealed interface RabbitAckOption {

	/**
	 * Settles this message with {@code mode} if it fails, instead of the source's
	 * {@code on-failure}.
	 * @param mode the mode
	 * @return the option
	 */
	static RabbitAckOption onFailure(AckMode mode) {
		return new OnFailure(mode);
	}

	/**
	 * Settles this message with {@code mode} if it succeeds, instead of the source's
	 * {@code on-success}.
	 * @param mode the mode
	 * @return the option
	 */
	static RabbitAckOption onSuccess(AckMode mode) {
		return new OnSuccess(mode);
	}

	/**
	 * Overrides {@code on-failure} for one message.
	 *
	 * @param mode how the message is settled if it fails
	 */
	record OnFailure(AckMode mode) implements RabbitAckOption {

		public OnFailure {
			Objects.requireNonNull(mode, "mode");
		}

	}

	/**
	 * Overrides {@code on-success} for one message.
	 *
	 * @param mode how the message is settled if it succeeds
	 */
	record OnSuccess(AckMode mode) implements RabbitAckOption {

		public OnSuccess {
			Objects.requireNonNull(mode, "mode");
		}

	}

}
