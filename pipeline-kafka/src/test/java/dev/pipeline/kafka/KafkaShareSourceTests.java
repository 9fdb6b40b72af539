package dev.pipeline.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.pipeline.kafka.MockKafka.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The share-group source's poll thread against a mock share consumer: a failed poll waits
 * the steps of the reconnect back-off.
 */
class KafkaShareSourceTests {

	private final FailingShareConsumer consumer = new FailingShareConsumer();

	private KafkaShareSource source;

	@AfterEach
	void stop() {
		if (this.source != null) {
			this.source.stopFetching();
			this.source.stop();
		}
	}

	private KafkaShareSource start(RecordingBackOff backOff) {
		KafkaShareSourceProperties properties = new KafkaShareSourceProperties();
		properties.setTopics(List.of("jobs"));
		properties.setGroupId("workers");
		KafkaShareSource started = (KafkaShareSource) KafkaShareSources
			.create("jobs", properties, 1, new Clients(this.consumer), backOff)
			.sources()
			.apply(0);
		started.start(new Emitter<>() {

			@Override
			public void emit(Message<byte[]> message) {
			}

			@Override
			public void emit(List<Message<byte[]>> messages) {
			}

		});
		this.source = started;
		return started;
	}

	@Test
	void whenPollsFailThenTheWaitsAreTheReconnectBackOffsStepsAndAGoodPollStartsItAfresh() {
		RecordingBackOff backOff = RecordingBackOff.repeating(10, 20, 40);
		this.consumer.failures.set(3);
		start(backOff).request(10);
		await().until(() -> this.consumer.polls.get() > 3);
		assertThat(backOff.handedOut).containsExactly(10L, 20L, 40L);
		assertThat(backOff.started).hasValue(1);
		this.consumer.failures.set(1);
		await().until(() -> backOff.handedOut.size() == 4);
		assertThat(backOff.handedOut).as("a new execution after polls that went well")
			.containsExactly(10L, 20L, 40L, 10L);
		assertThat(backOff.started).hasValue(2);
	}

	@Test
	void whenTheBackOffStopsThenTheSourceStopsPolling() {
		this.consumer.failures.set(1);
		KafkaShareSource source = start(new RecordingBackOff());
		source.request(10);
		await().until(() -> this.consumer.closed.get());
		assertThat(this.consumer.polls).hasValue(1);
		assertThat(source.isConnected()).isFalse();
	}

	/** Fails as many polls as it is told to, as a broker that went away. */
	static final class FailingShareConsumer extends MockShareConsumer<byte[], byte[]> {

		final AtomicInteger failures = new AtomicInteger();

		final AtomicInteger polls = new AtomicInteger();

		final AtomicBoolean closed = new AtomicBoolean();

		@Override
		public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
			this.polls.incrementAndGet();
			if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new KafkaException("Broker went away.");
			}
			return super.poll(Duration.ofMillis(1));
		}

		@Override
		public synchronized void close(Duration timeout) {
			this.closed.set(true);
			super.close(timeout);
		}

	}

	private record Clients(ShareConsumer<byte[], byte[]> consumer) implements KafkaClients {

		@Override
		public Consumer<byte[], byte[]> createConsumer(String groupId, String clientIdSuffix,
				Map<String, Object> overrides) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ShareConsumer<byte[], byte[]> createShareConsumer(String groupId, String clientIdSuffix,
				Map<String, Object> overrides) {
			return this.consumer;
		}

		@Override
		public CompletableFuture<?> publish(ProducerRecord<byte[], byte[]> record) {
			return CompletableFuture.completedFuture(null);
		}

	}

}
