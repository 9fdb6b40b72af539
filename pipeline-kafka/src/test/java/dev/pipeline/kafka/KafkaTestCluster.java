package dev.pipeline.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Test helpers around one Kafka cluster, embedded or standalone: topics, producing,
 * consumer group lag, and the application-side factories a Boot app would have.
 */
final class KafkaTestCluster {

	private final String bootstrap;

	KafkaTestCluster(String bootstrap) {
		this.bootstrap = bootstrap;
	}

	String bootstrap() {
		return this.bootstrap;
	}

	void createTopic(String topic, int partitions) {
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Produces records and waits until the broker has them all.
	 * @param topic the topic
	 * @param count how many
	 * @param record makes record {@code i}: key and value
	 */
	void produce(String topic, int count, IntFunction<String[]> record) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
		// one request in flight keeps order without idempotence, whose sequence checks
		// fail spuriously when a loaded broker times requests out
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		config.put(ProducerConfig.ACKS_CONFIG, "1");
		AtomicReference<Exception> failure = new AtomicReference<>();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < count; i++) {
				String[] keyAndValue = record.apply(i);
				producer.send(new ProducerRecord<>(topic, utf8(keyAndValue[0]), utf8(keyAndValue[1])),
						(metadata, ex) -> {
							if (ex != null) {
								failure.compareAndSet(null, ex);
							}
						});
			}
			producer.flush();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("Could not produce every test record", failure.get());
		}
	}

	/**
	 * @return the group's lag on the topic: end offsets minus committed offsets, summed
	 */
	long lag(String group, String topic) {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < partitions; p++) {
				latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			long lag = 0;
			for (var end : admin.listOffsets(latest).all().get().entrySet()) {
				OffsetAndMetadata position = committed.get(end.getKey());
				lag += end.getValue().offset() - ((position != null) ? position.offset() : 0);
			}
			return lag;
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads every record of a topic from the beginning, up to its end offsets. */
	List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
		List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (all.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(all::add);
			}
			for (int i = 0; i < 3; i++) {
				consumer.poll(Duration.ofMillis(200)).forEach(all::add);
			}
		}
		return all;
	}

	/**
	 * The clients a Boot application would give the pipeline: its own consumer and
	 * producer factories, from {@code spring.kafka.*}.
	 * @param group spring.kafka.consumer.group-id
	 * @param consumerOverrides more consumer properties
	 * @return the clients
	 */
	SpringKafkaClients clients(String group, Map<String, Object> consumerOverrides) {
		Map<String, Object> consumer = new HashMap<>();
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				"org.apache.kafka.common.serialization.StringDeserializer");
		consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
				"org.apache.kafka.common.serialization.StringDeserializer");
		consumer.putAll(consumerOverrides);
		Map<String, Object> producer = new HashMap<>();
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		return new SpringKafkaClients(new DefaultKafkaConsumerFactory<>(consumer),
				new DefaultKafkaProducerFactory<>(producer));
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap));
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
