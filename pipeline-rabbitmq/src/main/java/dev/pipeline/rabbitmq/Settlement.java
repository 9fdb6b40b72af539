package dev.pipeline.rabbitmq;

import java.io.IOException;

/**
 * What is sent to the broker for a delivery: the three AMQP outcomes an {@link AckMode}
 * resolves to.
 */
enum Settlement {

	/** {@code basic.ack}. */
	ACK {
		@Override
		void send(RabbitChannel channel, long deliveryTag, boolean multiple) throws IOException {
			channel.ack(deliveryTag, multiple);
		}
	},

	/** {@code basic.nack} without requeue. */
	REJECT {
		@Override
		void send(RabbitChannel channel, long deliveryTag, boolean multiple) throws IOException {
			channel.nack(deliveryTag, multiple, false);
		}
	},

	/** {@code basic.nack} with requeue. */
	REQUEUE {
		@Override
		void send(RabbitChannel channel, long deliveryTag, boolean multiple) throws IOException {
			channel.nack(deliveryTag, multiple, true);
		}
	};

	/**
	 * Sends this outcome for one delivery, or for every outstanding delivery up to it.
	 * @param channel the channel that delivered the messages
	 * @param deliveryTag the delivery tag
	 * @param multiple whether every outstanding delivery up to the tag is included
	 * @throws IOException when the channel cannot send
	 */
	abstract void send(RabbitChannel channel, long deliveryTag, boolean multiple) throws IOException;

}
