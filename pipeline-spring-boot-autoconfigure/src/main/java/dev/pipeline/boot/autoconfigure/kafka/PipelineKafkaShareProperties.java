package dev.pipeline.boot.autoconfigure.kafka;

import java.time.Duration;

import dev.pipeline.boot.source.BackOffSettings;
import dev.pipeline.kafka.KafkaShareSourceProperties;

/**
 * Settings of the Kafka share-group source kind, under {@code producer.kafka-share}: the
 * source's own settings, and the delays between polls after the share consumer failed.
 *
 * @since 0.2.0
 */
public class PipelineKafkaShareProperties extends KafkaShareSourceProperties {

	/**
	 * Delays between polls after the share consumer failed.
	 */
	private final BackOffSettings reconnect = new BackOffSettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
			Duration.ofMillis(250));

	public BackOffSettings getReconnect() {
		return this.reconnect;
	}

}
