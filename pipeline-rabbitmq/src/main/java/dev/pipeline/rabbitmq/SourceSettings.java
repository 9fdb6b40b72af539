package dev.pipeline.rabbitmq;

import java.time.Duration;

import org.springframework.util.backoff.BackOff;

/**
 * The validated, immutable settings of one {@link RabbitSource}.
 *
 * @param queue the queue to consume from
 * @param prefetch the prefetch count of its channel
 * @param onSuccess how successes are settled
 * @param onFailure how failures are settled
 * @param consumerTag the consumer tag, before the connection count
 * @param reconnect the delays between attempts to reconnect
 * @param linger how long deliveries arriving close together wait to be handed over
 * together (zero: each at once)
 */
record SourceSettings(String queue, int prefetch, AckMode onSuccess, AckMode onFailure, String consumerTag,
		BackOff reconnect, Duration linger) {
}
