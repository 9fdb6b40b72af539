package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.time.Duration;

import dev.pipeline.boot.source.BackOffSettings;
import dev.pipeline.rabbitmq.RabbitSourceProperties;

/**
 * Settings of the RabbitMQ source kind, under {@code producer.rabbitmq}: the source's own
 * settings, the connection it consumes on, and the delays between attempts to reconnect.
 *
 * @since 0.2.0
 */
public class PipelineRabbitProperties extends RabbitSourceProperties {

	/**
	 * Delays between attempts to reconnect after the connection or the channel was lost.
	 */
	private final BackOffSettings reconnect = new BackOffSettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
			Duration.ofMillis(250));

	/**
	 * Which connection the pipeline consumes on: auto (a connection of its own when
	 * Spring Boot builds the application's connection factory, the application's
	 * otherwise), dedicated (its own, deliveries handed over on the client's reader
	 * thread: the least CPU per message), or shared (the application's connection
	 * factory).
	 */
	private RabbitConnectionMode connection = RabbitConnectionMode.AUTO;

	public BackOffSettings getReconnect() {
		return this.reconnect;
	}

	public RabbitConnectionMode getConnection() {
		return this.connection;
	}

	public void setConnection(RabbitConnectionMode connection) {
		this.connection = connection;
	}

}
