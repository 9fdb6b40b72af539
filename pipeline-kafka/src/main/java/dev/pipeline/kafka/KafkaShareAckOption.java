package dev.pipeline.kafka;

import java.util.Objects;

/**
 * A per-message change to how a record of a share group is acknowledged, for
 * {@link dev.pipeline.core.Message#configureAck(Object)}:
 *
 * <pre class="code">
 * return message.configureAck(KafkaShareAckOption.onFailure(ShareFailureAction.REJECT)).failed("Malformed order.");
 * </pre>
 *
 * @since 0.2.0
 */
public sealed interface KafkaShareAckOption {

	/**
	 * Settles this message with {@code action} if it fails, at once, instead of the
	 * source's {@code on-failure} and {@code max-deliveries}.
	 * @param action the action
	 * @return the option
	 */
	static KafkaShareAckOption onFailure(ShareFailureAction action) {
		return new OnFailure(action);
	}

	/**
	 * Overrides {@code on-failure} for one message.
	 *
	 * @param action what happens to the message if it fails
	 */
	record OnFailure(ShareFailureAction action) implements KafkaShareAckOption {

		public OnFailure {
			Objects.requireNonNull(action, "action");
		}

	}

}
