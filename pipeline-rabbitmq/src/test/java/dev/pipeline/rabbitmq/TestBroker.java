package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The local test broker (127.0.0.1:5672, guest/guest): a publisher on its own connection,
 * queue counts, {@code rabbitmqctl}, and the one place broker tests configure Awaitility.
 */
final class TestBroker implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	private final Connection connection;

	private final Channel channel;

	TestBroker() throws IOException, TimeoutException {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(HOST);
		factory.setAutomaticRecoveryEnabled(false);
		this.connection = factory.newConnection("pipeline-it-publisher");
		this.channel = this.connection.createChannel();
	}

	/**
	 * @return a Spring AMQP connection factory, as Spring Boot would make one
	 */
	static CachingConnectionFactory connectionFactory() {
		CachingConnectionFactory factory = new CachingConnectionFactory(HOST, 5672);
		factory.setUsername("guest");
		factory.setPassword("guest");
		return factory;
	}

	/**
	 * @param readerThread whether consumer callbacks run on the client's reader thread,
	 * as on the connection the starter gives a pipeline, or on a dispatch thread, as on
	 * the application's
	 * @return a Spring AMQP connection factory
	 */
	static CachingConnectionFactory connectionFactory(boolean readerThread) {
		CachingConnectionFactory factory = connectionFactory();
		if (readerThread) {
			RabbitSources.deliverOnReaderThread(factory);
		}
		return factory;
	}

	static String uniqueName(String what) {
		return "pipeline.it." + what + "." + UUID.randomUUID().toString().substring(0, 8);
	}

	static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10));
	}

	void declareQueue(String queue, boolean durable) throws IOException {
		this.channel.queueDeclare(queue, durable, false, false, null);
	}

	/**
	 * Publishes messages whose body is their id, 0 to count - 1, padded to 100 bytes.
	 * @param queue the queue, through the default exchange
	 * @param count how many
	 * @param persistent whether they survive a broker restart
	 * @param confirmed whether to wait for the broker's confirms
	 */
	void publish(String queue, int count, boolean persistent, boolean confirmed)
			throws IOException, InterruptedException, TimeoutException {
		publish(queue, 0, count, persistent, confirmed);
	}

	/**
	 * Publishes messages whose body is their id, from the first id on, padded to 100
	 * bytes.
	 * @param queue the queue, through the default exchange
	 * @param first the first id
	 * @param count how many
	 * @param persistent whether they survive a broker restart
	 * @param confirmed whether to wait for the broker's confirms
	 */
	void publish(String queue, int first, int count, boolean persistent, boolean confirmed)
			throws IOException, InterruptedException, TimeoutException {
		if (confirmed) {
			this.channel.confirmSelect();
		}
		AMQP.BasicProperties properties = persistent ? MessageProperties.PERSISTENT_BASIC : MessageProperties.BASIC;
		for (int id = first; id < first + count; id++) {
			this.channel.basicPublish("", queue, properties, body(id));
		}
		if (confirmed) {
			this.channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(60));
		}
	}

	static byte[] body(long id) {
		ByteBuffer buffer = ByteBuffer.allocate(100);
		buffer.putLong(id);
		buffer.put("-payload".repeat(11).getBytes(StandardCharsets.US_ASCII));
		return buffer.array();
	}

	static int id(byte[] body) {
		return (int) ByteBuffer.wrap(body).getLong();
	}

	/**
	 * @return messages ready in the queue (not delivered to a consumer)
	 */
	long ready(String queue) throws IOException {
		return this.channel.queueDeclarePassive(queue).getMessageCount();
	}

	void delete(String... queues) {
		for (String queue : queues) {
			try {
				this.channel.queueDelete(queue);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not delete test queue " + queue, ex);
			}
		}
	}

	void deleteExchange(String exchange) throws IOException {
		this.channel.exchangeDelete(exchange);
	}

	/**
	 * Asks {@code rabbitmqctl} for the queue's ready and unacknowledged counts.
	 * @return {ready, unacknowledged}
	 */
	static long[] listQueue(String queue) throws IOException, InterruptedException {
		String output = rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "messages_ready",
				"messages_unacknowledged");
		for (String line : output.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length == 3 && fields[0].equals(queue)) {
				return new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[2]) };
			}
		}
		throw new IllegalStateException("rabbitmqctl did not list queue " + queue + ": " + output);
	}

	static String rabbitmqctl(String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 1];
		command[0] = "rabbitmqctl";
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
		}
		return output;
	}

	@Override
	public void close() throws IOException, TimeoutException {
		if (this.connection.isOpen()) {
			this.connection.close();
		}
	}

}
