package dev.pipeline.rabbitmq;

import java.io.IOException;

/**
 * Opens channels to the broker: the seam between {@link RabbitSource} and the AMQP
 * client, after Broadway RabbitMQ's {@code RabbitmqClient}, so that the source's logic is
 * tested against a fake.
 */
interface RabbitClient {

	/**
	 * Opens a new channel, on a live connection, with the queue's topology declared when
	 * declaration is on.
	 * @return the channel
	 * @throws IOException when the broker cannot be reached or refuses the channel or the
	 * declaration
	 */
	RabbitChannel open() throws IOException;

	/**
	 * Describes the connection for logs.
	 * @return a short description
	 */
	String describe();

}
