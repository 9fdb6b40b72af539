package dev.pipeline.boot.autoconfigure.kafka;

import java.time.Duration;

import dev.pipeline.boot.source.BackOffSettings;
import dev.pipeline.boot.source.RetrySettings;
import dev.pipeline.kafka.KafkaSourceProperties;

/**
 * Settings of the Kafka source kind, under {@code producer.kafka}: the source's own
 * settings, the retries of failed records, and the delays between polls after the
 * consumer failed.
 *
 * @since 0.2.0
 */
public class PipelineKafkaProperties extends KafkaSourceProperties {

	/**
	 * Retries of a failed record before it is dead-lettered or skipped.
	 */
	private final RetrySettings retry = new RetrySettings(0, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
			Duration.ZERO);

	/**
	 * Delays between polls after the consumer failed, and between attempts to publish a
	 * dead letter.
	 */
	private final BackOffSettings reconnect = new BackOffSettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
			Duration.ofMillis(250));

	public RetrySettings getRetry() {
		return this.retry;
	}

	public BackOffSettings getReconnect() {
		return this.reconnect;
	}

}
