package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import org.springframework.core.retry.RetryPolicy;

/**
 * A {@link KafkaClients} over Kafka's {@link MockConsumer}, an emitter that records what
 * a source emits, and the one place these tests configure Awaitility.
 */
final class MockKafka implements KafkaClients, Emitter<byte[]> {

	static final String TOPIC = "orders";

	static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

	final ClosableMockConsumer consumer = new ClosableMockConsumer();

	final List<ProducerRecord<byte[], byte[]>> published = new CopyOnWriteArrayList<>();

	final List<Message<byte[]>> emitted = new CopyOnWriteArrayList<>();

	/** How many messages each hand-over to the pipeline held, in order. */
	final List<Integer> handOvers = new CopyOnWriteArrayList<>();

	volatile boolean failPublishing;

	/** The retry policy of the sources this starts: no retries unless a test sets one. */
	RetryPolicy retry = RetryPolicy.withMaxRetries(0);

	/** The reconnect back-off of the sources this starts. */
	final RecordingBackOff reconnect = RecordingBackOff.repeating(10, 20, 40);

	private long nextOffset;

	static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
	}

	static KafkaSourceProperties properties() {
		KafkaSourceProperties properties = new KafkaSourceProperties();
		properties.setTopics(List.of(TOPIC));
		properties.setGroupId("group");
		properties.setCommitInterval(Duration.ofMillis(10));
		properties.setRevocationTimeout(Duration.ofSeconds(5));
		return properties;
	}

	KafkaSource start(KafkaSourceProperties properties) {
		KafkaSource source = (KafkaSource) KafkaSources.create("test", properties, 1, this, this.retry, this.reconnect)
			.sources()
			.apply(0);
		source.start(this);
		assign(P0);
		await().until(() -> source.stats().committedPartitions() == 1);
		return source;
	}

	/** Makes the next polls fail, one after the other, as a broker that went away. */
	void failPolls(int count) {
		for (int i = 0; i < count; i++) {
			this.consumer
				.schedulePollTask(() -> this.consumer.setPollException(new KafkaException("Broker went away.")));
		}
	}

	void assign(TopicPartition... partitions) {
		this.consumer.schedulePollTask(() -> {
			Map<TopicPartition, Long> beginning = new HashMap<>();
			for (TopicPartition partition : partitions) {
				beginning.put(partition, 0L);
			}
			this.consumer.updateBeginningOffsets(beginning);
			this.consumer.rebalance(List.of(partitions));
		});
	}

	void revokeAll() {
		this.consumer.schedulePollTask(() -> this.consumer.rebalance(List.of()));
	}

	/**
	 * Adds records to partition 0 at once: no poll runs in the middle.
	 * @param count how many
	 */
	void records(int count) {
		synchronized (this.consumer) {
			for (int i = 0; i < count; i++) {
				long offset = this.nextOffset++;
				this.consumer.addRecord(
						new ConsumerRecord<>(TOPIC, 0, offset, ("k" + offset).getBytes(), ("v" + offset).getBytes()));
			}
		}
	}

	Long committed() {
		return this.consumer.commits.get(P0);
	}

	static void ack(Message<byte[]> message) {
		message.acknowledger().acknowledge(List.of(message), List.of());
	}

	static void fail(Message<byte[]> message, String reason) {
		message.acknowledger().acknowledge(List.of(), List.of(message.failed(reason)));
	}

	static void fail(Message<byte[]> message, Throwable cause) {
		message.acknowledger().acknowledge(List.of(), List.of(message.failed(cause.getMessage(), cause)));
	}

	/** Keeps its committed offsets readable after the source closed it. */
	static final class ClosableMockConsumer extends MockConsumer<byte[], byte[]> {

		volatile boolean closedBySource;

		/**
		 * The last offset committed per partition, as the source asked, whether assigned
		 * or not.
		 */
		final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();

		/**
		 * Whether asynchronous commits are left unanswered, as by a broker that lags:
		 * they are neither applied nor confirmed.
		 */
		volatile boolean asyncCommitsUnconfirmed;

		/** The asynchronous commits left unanswered. */
		final List<Map<TopicPartition, OffsetAndMetadata>> unconfirmed = new CopyOnWriteArrayList<>();

		ClosableMockConsumer() {
			super("earliest");
		}

		@Override
		public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
			offsets.forEach((partition, offset) -> this.commits.put(partition, offset.offset()));
			super.commitSync(offsets, timeout);
		}

		@Override
		public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
				OffsetCommitCallback callback) {
			if (this.asyncCommitsUnconfirmed) {
				this.unconfirmed.add(offsets);
				return;
			}
			offsets.forEach((partition, offset) -> this.commits.put(partition, offset.offset()));
			super.commitAsync(offsets, callback);
		}

		@Override
		public void close(CloseOptions options) {
			this.closedBySource = true;
		}

	}

	@Override
	public Consumer<byte[], byte[]> createConsumer(String groupId, String clientIdSuffix,
			Map<String, Object> overrides) {
		return this.consumer;
	}

	@Override
	public CompletableFuture<?> publish(ProducerRecord<byte[], byte[]> record) {
		if (this.failPublishing) {
			return CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"));
		}
		this.published.add(record);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void emit(Message<byte[]> message) {
		this.handOvers.add(1);
		this.emitted.add(message);
	}

	@Override
	public void emit(List<Message<byte[]>> messages) {
		this.handOvers.add(messages.size());
		this.emitted.addAll(new ArrayList<>(messages));
	}

}
