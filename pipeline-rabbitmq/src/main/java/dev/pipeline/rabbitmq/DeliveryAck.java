package dev.pipeline.rabbitmq;

import org.jspecify.annotations.Nullable;

/**
 * The acknowledgement data of one delivery: its tag on the channel that delivered it,
 * whether it was redelivered, and the per-message overrides set through
 * {@link RabbitAckOption}.
 *
 * @param deliveryTag the delivery tag
 * @param redelivered whether the broker delivered it before
 * @param onSuccess overrides the source's on-success, or {@code null}
 * @param onFailure overrides the source's on-failure, or {@code null}
 */
record DeliveryAck(long deliveryTag, boolean redelivered, @Nullable AckMode onSuccess, @Nullable AckMode onFailure) {

	DeliveryAck(long deliveryTag, boolean redelivered) {
		this(deliveryTag, redelivered, null, null);
	}

	DeliveryAck with(RabbitAckOption option) {
		if (option instanceof RabbitAckOption.OnFailure failure) {
			return new DeliveryAck(this.deliveryTag, this.redelivered, this.onSuccess, failure.mode());
		}
		RabbitAckOption.OnSuccess success = (RabbitAckOption.OnSuccess) option;
		return new DeliveryAck(this.deliveryTag, this.redelivered, success.mode(), this.onFailure);
	}

}
