package dev.pipeline.rabbitmq;

import java.io.IOException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;

/**
 * One AMQP channel, as {@link RabbitSource} uses it. Delivery tags are this channel's: a
 * message is settled on the channel that delivered it, or not at all.
 *
 * <p>
 * Thread-safe: {@code ack}/{@code nack} are called from stage threads while deliveries
 * arrive on the client's thread.
 */
interface RabbitChannel {

	/**
	 * Reads how many messages are ready in a queue, with a passive {@code queue.declare}.
	 * The broker closes the channel when the queue does not exist.
	 * @param queue the queue
	 * @return the messages ready in it (not those delivered and unacknowledged)
	 * @throws IOException when the queue is missing or the channel cannot send
	 */
	default long messageCount(String queue) throws IOException {
		throw new IOException("This channel cannot read a queue's depth");
	}

	/**
	 * Sets how many deliveries the broker may have unacknowledged on this channel
	 * ({@code basic.qos}).
	 * @param prefetch the prefetch count, 1 to 65535
	 * @throws IOException when the channel cannot send
	 */
	void qos(int prefetch) throws IOException;

	/**
	 * Starts consuming with manual acknowledgement ({@code basic.consume}).
	 * @param queue the queue
	 * @param consumerTag the consumer tag
	 * @param deliveries receives deliveries, cancellation and shutdown, in order, on one
	 * thread at a time
	 * @throws IOException when the broker refuses
	 */
	void consume(String queue, String consumerTag, Deliveries deliveries) throws IOException;

	/**
	 * Cancels the consumer ({@code basic.cancel}); {@link Deliveries#cancelled} follows
	 * every delivery sent before the broker's {@code cancel-ok}.
	 * @param consumerTag the consumer tag
	 * @throws IOException when the channel cannot send
	 */
	void cancel(String consumerTag) throws IOException;

	/**
	 * Acknowledges a delivery ({@code basic.ack}).
	 * @param deliveryTag the delivery tag
	 * @param multiple whether every unacknowledged delivery up to this tag is included
	 * @throws IOException when the channel cannot send
	 */
	void ack(long deliveryTag, boolean multiple) throws IOException;

	/**
	 * Rejects a delivery ({@code basic.nack}).
	 * @param deliveryTag the delivery tag
	 * @param multiple whether every unacknowledged delivery up to this tag is included
	 * @param requeue whether the broker requeues it rather than dead-letters or drops it
	 * @throws IOException when the channel cannot send
	 */
	void nack(long deliveryTag, boolean multiple, boolean requeue) throws IOException;

	/**
	 * Closes the channel for real; the broker requeues whatever is unacknowledged. Never
	 * throws. It waits for the broker's reply, so it is never called on the thread that
	 * delivers.
	 */
	void close();

	/**
	 * Tells whether {@link #close()} is still to be called.
	 * @return false once {@link #close()} was called
	 */
	boolean isOpen();

	/**
	 * Receives what a consumer gets from the broker, on the client's thread, one call at
	 * a time and in order. Must not block.
	 */
	interface Deliveries {

		/**
		 * A message was delivered.
		 * @param envelope its tag, redelivered flag, exchange and routing key
		 * @param properties its properties and headers
		 * @param body its body
		 */
		void delivered(Envelope envelope, AMQP.BasicProperties properties, byte[] body);

		/**
		 * The consumer was cancelled: by {@link RabbitChannel#cancel} ({@code cancel-ok})
		 * or by the broker (its queue was deleted, for example).
		 * @param byBroker whether the broker cancelled it
		 */
		void cancelled(boolean byBroker);

		/**
		 * The channel or its connection shut down; nothing more arrives.
		 * @param reason why, for logs
		 */
		void closed(String reason);

	}

}
