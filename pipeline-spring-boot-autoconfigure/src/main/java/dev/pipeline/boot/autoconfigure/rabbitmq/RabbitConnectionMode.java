package dev.pipeline.boot.autoconfigure.rabbitmq;

/**
 * Which connection a RabbitMQ pipeline consumes on, under
 * {@code producer.rabbitmq.connection}.
 *
 * @since 0.3.0
 */
public enum RabbitConnectionMode {

	/**
	 * {@link #DEDICATED} when Spring Boot built the application's connection factory from
	 * {@code spring.rabbitmq.*}, {@link #SHARED} when the application defines its own.
	 */
	AUTO,

	/**
	 * A connection of the pipeline's own, configured as Spring Boot configures the
	 * application's, whose deliveries are handed to the pipeline on the client's reader
	 * thread: no dispatch thread to wake per delivery, so markedly less CPU per message.
	 */
	DEDICATED,

	/**
	 * Channels on the application's connection factory, deliveries handed over on the
	 * client's dispatch thread, like the application's listeners.
	 */
	SHARED

}
