package dev.pipeline.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, under {@code sample.*}: how many sensors the simulator has,
 * how often aggregates are published, and the names of the broker's exchanges, queues and
 * topics (so tests can use names of their own).
 *
 * @param sensors how many sensors the simulator has
 * @param reportInterval how often changed aggregates and the throughput are published
 * @param logSensors how many sensors' aggregates each report logs
 * @param simulator the simulator that publishes readings to a broker
 * @param rabbitmq names on RabbitMQ (profile {@code rabbitmq})
 * @param kafka names on Kafka (profile {@code kafka})
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue("20") int sensors, @DefaultValue("5s") Duration reportInterval,
		@DefaultValue("5") int logSensors, @DefaultValue Simulator simulator, @DefaultValue Rabbit rabbitmq,
		@DefaultValue Kafka kafka) {

	/** The pipeline of this sample. */
	public static final String PIPELINE = "sensors";

	/** Its batcher: one batch holds the readings of one sensor. */
	public static final String BATCHER = "per-sensor";

	/**
	 * The simulator that publishes readings to a broker under the broker profiles (on the
	 * embedded default the generator source calls {@link SensorSimulator} itself).
	 *
	 * @param enabled whether readings are published
	 * @param rate readings per second
	 */
	public record Simulator(@DefaultValue("true") boolean enabled, @DefaultValue("2000") int rate) {
	}

	/**
	 * Names on RabbitMQ.
	 *
	 * @param readingsExchange the topic exchange readings are published to, with routing
	 * key {@code sensors.<sensor id>}
	 * @param readingsQueue the queue the pipeline consumes, bound to that exchange
	 * @param aggregatesExchange the topic exchange aggregates are published to, with
	 * routing key {@code aggregates.<sensor id>}
	 * @param configQueue the queue of configuration messages
	 */
	public record Rabbit(@DefaultValue("sensor.readings") String readingsExchange,
			@DefaultValue("sensor.readings") String readingsQueue,
			@DefaultValue("sensor.aggregates") String aggregatesExchange,
			@DefaultValue("sensor.config") String configQueue) {
	}

	/**
	 * Names on Kafka.
	 *
	 * @param readingsTopic the topic of readings, keyed by sensor id
	 * @param aggregatesTopic the topic aggregates are published to, keyed by sensor id
	 * @param configTopic the topic of configuration messages
	 * @param partitions partitions of the readings topic, when the sample creates it
	 */
	public record Kafka(@DefaultValue("sensor-readings") String readingsTopic,
			@DefaultValue("sensor-aggregates") String aggregatesTopic,
			@DefaultValue("sensor-config") String configTopic, @DefaultValue("4") int partitions) {
	}

}
