package dev.pipeline.bench.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the Kafka benchmarks share: the bootstrap address and broker pid of
 * {@code scripts/kafka-broker.sh}, topic creation and deletion, the producer, and the
 * consumer settings every side starts from.
 */
final class KafkaBench implements AutoCloseable {

	final String bootstrap;

	final long brokerPid;

	private final Admin admin;

	private final java.util.Set<String> topics = new java.util.LinkedHashSet<>();

	private final java.util.Set<String> groups = new java.util.LinkedHashSet<>();

	KafkaBench() throws IOException {
		String stateDir = System.getenv().getOrDefault("KAFKA_STATE_DIR", "/tmp/pipeline-kafka-broker");
		String bootstrap = System.getProperty("bootstrap");
		if (bootstrap == null) {
			Path file = Path.of(stateDir, "bootstrap");
			if (!Files.exists(file)) {
				throw new IllegalStateException("No Kafka broker: run scripts/kafka-broker.sh start (with the same "
						+ "KAFKA_STATE_DIR) or pass -Dbootstrap=host:port");
			}
			bootstrap = Files.readString(file).trim();
		}
		this.bootstrap = bootstrap;
		Path pid = Path.of(stateDir, "broker.pid");
		this.brokerPid = Long.getLong("broker.pid",
				Files.exists(pid) ? Long.parseLong(Files.readString(pid).trim()) : -1L);
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap));
	}

	/**
	 * Creates a topic, to be deleted by {@link #close()}.
	 */
	void createTopic(String topic, int partitions) throws Exception {
		this.topics.add(topic);
		this.admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
	}

	/**
	 * Produces records, each made by {@code record} from its index, and waits for all.
	 */
	void produce(String topic, int count, IntFunction<ProducerRecord<byte[], byte[]>> record) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
		long start = System.nanoTime();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < count; i++) {
				producer.send(record.apply(i), (metadata, ex) -> {
					if (ex != null) {
						throw new IllegalStateException("produce failed", ex);
					}
				});
			}
			producer.flush();
		}
		System.out.printf("   produced %,d records to %s in %.1f s%n", count, topic, (System.nanoTime() - start) / 1e9);
	}

	/**
	 * The consumer settings every side starts from: byte[] deserializers, from the
	 * earliest offset of a fresh group, 500 records per poll, no auto-commit.
	 */
	Map<String, Object> consumerConfig(String group) {
		this.groups.add(group);
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return config;
	}

	/**
	 * Sums a group's committed offsets over a topic's partitions.
	 */
	long committed(String group) throws Exception {
		return this.admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(30, TimeUnit.SECONDS)
			.values()
			.stream()
			.filter(java.util.Objects::nonNull)
			.mapToLong(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset)
			.sum();
	}

	/**
	 * Checks that a group committed every record of the topic.
	 */
	void checkCommitted(String side, String group, long expected) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		long committed = committed(group);
		while (committed != expected && System.nanoTime() < deadline) {
			Thread.sleep(100);
			committed = committed(group);
		}
		if (committed != expected) {
			throw new IllegalStateException(
					side + ": group " + group + " committed offsets summing to " + committed + ", not " + expected);
		}
	}

	static byte[] payload(long sequence, int size) {
		byte[] body = new byte[size];
		ByteBuffer.wrap(body).putLong(0, sequence);
		return body;
	}

	static long sequence(byte[] body) {
		return ByteBuffer.wrap(body).getLong(0);
	}

	/** Deletes the groups and topics this run made. */
	@Override
	public void close() {
		try {
			if (!this.groups.isEmpty()) {
				this.admin.deleteConsumerGroups(this.groups).all().get(30, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			System.err.println("could not delete the consumer groups " + this.groups + ": " + ex);
		}
		try {
			if (!this.topics.isEmpty()) {
				this.admin.deleteTopics(this.topics).all().get(30, TimeUnit.SECONDS);
				System.out.println("   deleted topics " + this.topics + " and " + this.groups.size() + " groups");
			}
		}
		catch (Exception ex) {
			System.err.println("could not delete the topics " + this.topics + ": " + ex);
		}
		this.admin.close();
	}

}
