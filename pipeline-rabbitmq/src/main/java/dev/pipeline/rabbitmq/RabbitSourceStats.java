package dev.pipeline.rabbitmq;

/**
 * What a {@link RabbitSource} has done since it was created, summed over its channels.
 *
 * @param delivered messages the broker delivered
 * @param acknowledged messages settled with {@code basic.ack}
 * @param rejected messages rejected without requeue (dead-lettered when the queue has a
 * dead-letter exchange)
 * @param requeued messages rejected with requeue, including those given back unprocessed
 * when the source stopped fetching
 * @param dropped settlements not sent because the channel that delivered the messages had
 * died; the broker redelivers those messages
 * @param acknowledgementFrames {@code basic.ack}/{@code basic.nack} frames sent; fewer
 * than the messages settled when deliveries are settled with {@code multiple}
 * @param connections channels opened and consuming, the first one included
 * @since 0.1.0
 */
public record RabbitSourceStats(long delivered, long acknowledged, long rejected, long requeued, long dropped,
		long acknowledgementFrames, long connections) {

	/**
	 * @return messages settled at the broker, whatever the outcome
	 */
	public long settled() {
		return this.acknowledged + this.rejected + this.requeued;
	}

}
