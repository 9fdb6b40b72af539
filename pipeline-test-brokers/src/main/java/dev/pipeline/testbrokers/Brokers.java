package dev.pipeline.testbrokers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Where this test run's brokers are: decided once per JVM (containers when a Docker
 * engine answers), with the local Kafka broker started at most once and stopped when the
 * JVM exits. Thread-safe.
 */
public final class Brokers {

	/** The local RabbitMQ broker's host. */
	public static final String RABBITMQ_HOST = "127.0.0.1";

	/** The local RabbitMQ broker's AMQP port. */
	public static final int RABBITMQ_PORT = 5672;

	private static final Log logger = LogFactory.getLog(Brokers.class);

	private static @Nullable Boolean docker;

	private static @Nullable String kafkaBootstrap;

	private Brokers() {
	}

	/**
	 * Returns whether the brokers are containers, asking the Docker engine the first
	 * time.
	 * @return whether {@code DockerClientFactory} found a Docker engine
	 */
	public static synchronized boolean containers() {
		if (docker == null) {
			docker = DockerClientFactory.instance().isDockerAvailable();
		}
		return docker;
	}

	/**
	 * Returns the local Kafka broker: {@code PIPELINE_KAFKA_BOOTSTRAP} (or the system
	 * property {@code pipeline.kafka.bootstrap}), or a KRaft broker started now, once for
	 * the JVM.
	 * @return its bootstrap servers
	 */
	public static synchronized String localKafka() {
		if (kafkaBootstrap == null) {
			String given = System.getProperty("pipeline.kafka.bootstrap", System.getenv("PIPELINE_KAFKA_BOOTSTRAP"));
			if (given != null && !given.isBlank()) {
				kafkaBootstrap = given;
			}
			else {
				EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
				broker.afterPropertiesSet();
				Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-test-broker-stop"));
				kafkaBootstrap = broker.getBrokersAsString();
			}
		}
		return kafkaBootstrap;
	}

	/**
	 * Returns the local RabbitMQ broker's Spring Boot properties, after checking that it
	 * answers.
	 * @return {@code spring.rabbitmq.*}
	 * @throws IllegalStateException if nothing listens on 127.0.0.1:5672
	 */
	public static Map<String, Object> localRabbitProperties() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(RABBITMQ_HOST, RABBITMQ_PORT), 2_000);
		}
		catch (IOException ex) {
			throw new IllegalStateException("No Docker engine answered and no RabbitMQ broker listens on "
					+ RABBITMQ_HOST + ":" + RABBITMQ_PORT + " (" + ex.getMessage()
					+ "). Start RabbitMQ there (guest/guest), or start Docker for a RabbitMQ container.", ex);
		}
		return Map.of("spring.rabbitmq.host", RABBITMQ_HOST, "spring.rabbitmq.port", RABBITMQ_PORT,
				"spring.rabbitmq.username", "guest", "spring.rabbitmq.password", "guest");
	}

	/**
	 * Returns the local Kafka broker's Spring Boot properties.
	 * @return {@code spring.kafka.bootstrap-servers}
	 */
	public static Map<String, Object> localKafkaProperties() {
		return Map.of("spring.kafka.bootstrap-servers", localKafka());
	}

	/**
	 * Says in the test output which broker a test class runs against.
	 * @param testClass the test class
	 * @param broker the broker
	 */
	static void report(Class<?> testClass, Broker broker) {
		String where;
		if (containers()) {
			where = "a Testcontainers container (" + broker.image() + ") with @ServiceConnection";
		}
		else if (broker == Broker.RABBITMQ) {
			where = "the local broker at " + RABBITMQ_HOST + ":" + RABBITMQ_PORT + " (no Docker engine answered)";
		}
		else {
			where = "the local broker at " + localKafka() + " (no Docker engine answered)";
		}
		logger.info(testClass.getSimpleName() + ": " + broker.title() + " is " + where + ".");
	}

}
