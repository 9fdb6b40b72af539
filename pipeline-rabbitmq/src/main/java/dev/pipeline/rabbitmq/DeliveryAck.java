package dev.pipeline.rabbitmq;

import org.jspecify.annotations.Nullable;

/**
 * The acknowledgement data of one delivery: its tag on the channel that delivered it,
 * whether it was redelivered, and the per-message overrides set through
 * {@link RabbitAckOption}. A delivery's {@link DeliveryMetadata} serves as its
 * acknowledgement data until an option is set, so the consumer thread allocates one
 * object for both.
 */
sealed interface DeliveryAck permits DeliveryMetadata, DeliveryAck.Configured {

	/**
	 * @return the delivery tag
	 */
	long deliveryTag();

	/**
	 * @return whether the broker delivered it before
	 */
	boolean redelivered();

	/**
	 * @return what overrides the source's on-success, or {@code null}
	 */
	@Nullable AckMode onSuccess();

	/**
	 * @return what overrides the source's on-failure, or {@code null}
	 */
	@Nullable AckMode onFailure();

	/**
	 * Returns this delivery's data with one more override.
	 * @param option the override
	 * @return the new data
	 */
	default DeliveryAck with(RabbitAckOption option) {
		if (option instanceof RabbitAckOption.OnFailure failure) {
			return new Configured(deliveryTag(), redelivered(), onSuccess(), failure.mode());
		}
		RabbitAckOption.OnSuccess success = (RabbitAckOption.OnSuccess) option;
		return new Configured(deliveryTag(), redelivered(), success.mode(), onFailure());
	}

	/**
	 * A delivery's acknowledgement data once an option is set.
	 *
	 * @param deliveryTag the delivery tag
	 * @param redelivered whether the broker delivered it before
	 * @param onSuccess overrides the source's on-success, or {@code null}
	 * @param onFailure overrides the source's on-failure, or {@code null}
	 */
	record Configured(long deliveryTag, boolean redelivered, @Nullable AckMode onSuccess,
			@Nullable AckMode onFailure) implements DeliveryAck {
	}

}
