package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Opens channels on the application's Spring AMQP {@link ConnectionFactory} (so the
 * connection is Spring Boot's {@code spring.rabbitmq.*}), and consumes with the plain
 * client's {@link DefaultConsumer}.
 *
 * <p>
 * Why not a listener container: a container hands messages to a listener and settles them
 * when it returns; a pipeline needs the reverse, deliveries held against demand, settled
 * later and in groups from other threads, {@code basic.cancel} with its {@code cancel-ok}
 * for the drain, and delivery tags tied to the channel that delivered them. The channel
 * is created on the connection's delegate rather than through the caching factory's
 * channel proxy, because that proxy replaces a dead channel transparently: an
 * acknowledgement for a dead channel would then reach a new one, where its delivery tag
 * means another message.
 */
final class SpringRabbitClient implements RabbitClient {

	private final ConnectionFactory connectionFactory;

	private final @Nullable QueueDeclaration declaration;

	SpringRabbitClient(ConnectionFactory connectionFactory, @Nullable QueueDeclaration declaration) {
		this.connectionFactory = connectionFactory;
		this.declaration = declaration;
	}

	@Override
	public RabbitChannel open() throws IOException {
		Connection connection;
		try {
			connection = this.connectionFactory.createConnection();
		}
		catch (AmqpException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
		AmqpChannel channel = null;
		try {
			Channel created = connection.getDelegate().createChannel();
			if (created == null) {
				throw new IOException("The connection has no channel left (channel-max reached)");
			}
			channel = new AmqpChannel(connection, created);
			if (this.declaration != null) {
				this.declaration.declare(created);
			}
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			if (channel != null) {
				channel.close();
			}
			else {
				connection.close();
			}
			throw ex;
		}
	}

	@Override
	public String describe() {
		return this.connectionFactory.getHost() + ":" + this.connectionFactory.getPort();
	}

	/** A plain client channel behind the seam. */
	private static final class AmqpChannel implements RabbitChannel {

		private final Connection connection;

		private final Channel channel;

		private final AtomicBoolean closed = new AtomicBoolean();

		AmqpChannel(Connection connection, Channel channel) {
			this.connection = connection;
			this.channel = channel;
		}

		@Override
		public long messageCount(String queue) throws IOException {
			return this.channel.queueDeclarePassive(queue).getMessageCount();
		}

		@Override
		public void qos(int prefetch) throws IOException {
			this.channel.basicQos(prefetch);
		}

		@Override
		public void consume(String queue, String consumerTag, Deliveries deliveries) throws IOException {
			this.channel.basicConsume(queue, false, consumerTag, new DefaultConsumer(this.channel) {

				@Override
				public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
						byte[] body) {
					deliveries.delivered(envelope, properties, body);
				}

				@Override
				public void handleCancelOk(String tag) {
					deliveries.cancelled(false);
				}

				@Override
				public void handleCancel(String tag) {
					deliveries.cancelled(true);
				}

				@Override
				public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
					deliveries.closed(signal.getMessage());
				}

			});
		}

		@Override
		public void cancel(String consumerTag) throws IOException {
			this.channel.basicCancel(consumerTag);
		}

		@Override
		public void ack(long deliveryTag, boolean multiple) throws IOException {
			this.channel.basicAck(deliveryTag, multiple);
		}

		@Override
		public void nack(long deliveryTag, boolean multiple, boolean requeue) throws IOException {
			this.channel.basicNack(deliveryTag, multiple, requeue);
		}

		@Override
		public boolean isOpen() {
			return !this.closed.get();
		}

		/**
		 * Closes the channel, then hands the connection back to the factory: a no-op for
		 * the shared connection of the default channel cache mode, a return to the pool
		 * in connection cache mode.
		 */
		@Override
		public void close() {
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			try {
				if (this.channel.isOpen()) {
					this.channel.close();
				}
			}
			catch (IOException | TimeoutException | RuntimeException ignored) {
				// Already closing: the broker requeues what was unacknowledged either way
			}
			try {
				this.connection.close();
			}
			catch (RuntimeException ignored) {
				// The factory logs its own failures; nothing is left to release here
			}
		}

	}

}
