package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.time.Duration;

import dev.pipeline.boot.source.BackOffSettings;
import dev.pipeline.rabbitmq.RabbitSourceProperties;

/**
 * Settings of the RabbitMQ source kind, under {@code producer.rabbitmq}: the source's own
 * settings, and the delays between attempts to reconnect.
 *
 * @since 0.2.0
 */
public class PipelineRabbitProperties extends RabbitSourceProperties {

	/**
	 * Delays between attempts to reconnect after the connection or the channel was lost.
	 */
	private final BackOffSettings reconnect = new BackOffSettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
			Duration.ofMillis(250));

	public BackOffSettings getReconnect() {
		return this.reconnect;
	}

}
