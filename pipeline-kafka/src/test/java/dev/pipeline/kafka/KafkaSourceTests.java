package dev.pipeline.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.pipeline.core.Message;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryPolicy;

import static dev.pipeline.kafka.MockKafka.ack;
import static dev.pipeline.kafka.MockKafka.await;
import static dev.pipeline.kafka.MockKafka.fail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka source's logic against Kafka's {@code MockConsumer}: back-pressure by
 * pausing, contiguous commits, revocation, retries and dead letters.
 */
class KafkaSourceTests {

	private final MockKafka kafka = new MockKafka();

	private KafkaSource source;

	@AfterEach
	void stop() {
		if (this.source != null) {
			this.source.stop();
		}
	}

	@Nested
	class BackPressure {

		@Test
		void whenThePipelineDemandsNothingThenNothingIsEmittedAndPartitionsArePausedWhileItKeepsPolling() {
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			KafkaSourceTests.this.kafka.records(10);
			await().until(() -> KafkaSourceTests.this.kafka.consumer.paused().contains(MockKafka.P0));
			assertThat(KafkaSourceTests.this.kafka.emitted).isEmpty();
		}

		@Test
		void whenDemandArrivesThenExactlyThatManyRecordsAreEmittedInOffsetOrder() {
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			KafkaSourceTests.this.kafka.records(10);
			KafkaSourceTests.this.source.request(4);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 4);
			await().during(Duration.ofMillis(200)).until(() -> KafkaSourceTests.this.kafka.emitted.size() == 4);
			KafkaSourceTests.this.source.request(6);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 10);
			assertThat(KafkaSourceTests.this.kafka.emitted).extracting((m) -> m.metadata().get(KafkaMetadata.OFFSET))
				.containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
			await().until(() -> KafkaSourceTests.this.kafka.consumer.paused().isEmpty());
		}

		@Test
		void whenFullPollsComeAndTheDemandCoversThemThenTheyAreHandedOverTogether() {
			KafkaSourceTests.this.source = startWithPollsOf(10);
			KafkaSourceTests.this.source.request(40);
			KafkaSourceTests.this.kafka.records(25);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 25);
			// polls of 10, 10 and 5: the third was not full, so the consumer held no more
			assertThat(KafkaSourceTests.this.kafka.handOvers).containsExactly(25);
			assertThat(KafkaSourceTests.this.kafka.emitted).extracting((m) -> m.metadata().get(KafkaMetadata.OFFSET))
				.containsExactlyElementsOf(LongStream.range(0, 25).boxed().toList());
		}

		@Test
		void whenTheDemandDoesNotCoverAnotherPollThenTheRecordsGoAtOnce() {
			KafkaSourceTests.this.source = startWithPollsOf(10);
			KafkaSourceTests.this.source.request(15);
			KafkaSourceTests.this.kafka.records(40);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 15);
			assertThat(KafkaSourceTests.this.kafka.handOvers).containsExactly(10, 5);
		}

		@Test
		void whenTheDemandCoversMoreThanFourPollsThenFourPollsAreHandedOverAtATime() {
			KafkaSourceTests.this.source = startWithPollsOf(10);
			KafkaSourceTests.this.source.request(100);
			KafkaSourceTests.this.kafka.records(100);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 100);
			assertThat(KafkaSourceTests.this.kafka.handOvers).containsExactly(40, 40, 20);
			assertThat(KafkaSourceTests.this.kafka.emitted).extracting((m) -> m.metadata().get(KafkaMetadata.OFFSET))
				.containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
		}

		@Test
		void whenRecordsAreEmittedThenTheyCarryTopicPartitionOffsetKeyAndTimestamp() {
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			KafkaSourceTests.this.kafka.records(1);
			KafkaSourceTests.this.source.request(1);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 1);
			Message<byte[]> message = KafkaSourceTests.this.kafka.emitted.get(0);
			assertThat(new String(message.data(), StandardCharsets.UTF_8)).isEqualTo("v0");
			assertThat(message.metadata()).containsEntry(KafkaMetadata.TOPIC, "orders")
				.containsEntry(KafkaMetadata.PARTITION, 0)
				.containsEntry(KafkaMetadata.OFFSET, 0L)
				.containsKey(KafkaMetadata.TIMESTAMP);
			assertThat((byte[]) message.metadata().get(KafkaMetadata.KEY)).isEqualTo("k0".getBytes());
		}

	}

	@Nested
	class Offsets {

		@Test
		void whenALaterOffsetIsAcknowledgedFirstThenNothingIsCommittedUntilTheGapCloses() {
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			KafkaSourceTests.this.kafka.records(3);
			KafkaSourceTests.this.source.request(3);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 3);
			List<Message<byte[]>> emitted = KafkaSourceTests.this.kafka.emitted;
			ack(emitted.get(2));
			ack(emitted.get(1));
			await().during(Duration.ofMillis(200)).until(() -> KafkaSourceTests.this.kafka.committed() == null);
			ack(emitted.get(0));
			await().until(() -> Long.valueOf(3).equals(KafkaSourceTests.this.kafka.committed()));
		}

		@Test
		void whenStoppedThenAcknowledgedOffsetsAreCommittedAndLaterAcknowledgementsIgnored() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setCommitInterval(Duration.ofHours(1));
			properties.setCommitCount(1000);
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(properties);
			KafkaSourceTests.this.kafka.records(3);
			KafkaSourceTests.this.source.request(3);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 3);
			ack(KafkaSourceTests.this.kafka.emitted.get(0));
			KafkaSourceTests.this.source.stopFetching();
			KafkaSourceTests.this.source.stop();
			ack(KafkaSourceTests.this.kafka.emitted.get(1));
			assertThat(KafkaSourceTests.this.kafka.committed()).isEqualTo(1L);
			assertThat(KafkaSourceTests.this.kafka.consumer.closedBySource).isTrue();
		}

		@Test
		void whenTheBrokerLeavesAsynchronousCommitsUnconfirmedThenTwiceCommitCountSettledRecordsAreCommittedSynchronously() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setCommitInterval(Duration.ofHours(1));
			properties.setCommitCount(10);
			KafkaSourceTests.this.kafka.consumer.asyncCommitsUnconfirmed = true;
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(properties);
			KafkaSourceTests.this.kafka.records(25);
			KafkaSourceTests.this.source.request(25);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 25);
			for (Message<byte[]> message : KafkaSourceTests.this.kafka.emitted) {
				ack(message);
			}
			await().until(() -> KafkaSourceTests.this.kafka.committed() != null
					&& KafkaSourceTests.this.kafka.committed() >= 20);
		}

	}

	@Nested
	class Rebalance {

		@Test
		void whenAPartitionIsRevokedThenItsInFlightRecordsAreAwaitedAndCommittedBeforeItGoes() {
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			KafkaSourceTests.this.kafka.records(5);
			KafkaSourceTests.this.source.request(5);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 5);
			MockKafka kafka = KafkaSourceTests.this.kafka;
			kafka.consumer.schedulePollTask(() -> {
				Thread pollThread = Thread.currentThread();
				Thread pipeline = new Thread(() -> {
					await().until(() -> pollThread.getState() == Thread.State.TIMED_WAITING);
					kafka.emitted.forEach(MockKafka::ack);
				});
				pipeline.start();
				kafka.consumer.rebalance(List.of());
			});
			await().atMost(Duration.ofSeconds(4)).until(() -> KafkaSourceTests.this.source.stats().rebalances() == 1);
			assertThat(KafkaSourceTests.this.kafka.committed()).isEqualTo(5L);
			assertThat(KafkaSourceTests.this.source.stats().releasedAtRevocation()).isZero();
		}

		@Test
		void whenInFlightRecordsOutlastTheRevocationTimeoutThenTheyAreLeftUncommittedAndTheirLateAcksIgnored() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setRevocationTimeout(Duration.ofMillis(100));
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(properties);
			KafkaSourceTests.this.kafka.records(3);
			KafkaSourceTests.this.source.request(3);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 3);
			KafkaSourceTests.this.kafka.revokeAll();
			await().until(() -> KafkaSourceTests.this.source.stats().rebalances() == 1);
			assertThat(KafkaSourceTests.this.source.stats().releasedAtRevocation()).isEqualTo(3);
			KafkaSourceTests.this.kafka.emitted.forEach(MockKafka::ack);
			KafkaSourceTests.this.kafka.assign(MockKafka.P0);
			await().until(() -> KafkaSourceTests.this.source.stats().committedPartitions() == 1);
			await().during(Duration.ofMillis(100)).until(() -> KafkaSourceTests.this.kafka.committed() == null);
		}

	}

	@Nested
	class Failures {

		@Test
		void whenARecordFailsThenItIsRetriedThenDeadLetteredWithItsOriginAndReasonAndItsOffsetCommitted() {
			KafkaSourceProperties properties = MockKafka.properties();
			KafkaSourceTests.this.kafka.retry = RetryPolicy.builder().backOff(new RecordingBackOff(10)).build();
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(properties);
			KafkaSourceTests.this.kafka.records(1);
			KafkaSourceTests.this.source.request(10);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 1);
			fail(KafkaSourceTests.this.kafka.emitted.get(0), "Bad reading.");
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 2);
			Message<byte[]> retry = KafkaSourceTests.this.kafka.emitted.get(1);
			assertThat(retry.metadata()).containsEntry(KafkaMetadata.DELIVERY_ATTEMPT, 2)
				.containsEntry(KafkaMetadata.OFFSET, 0L);
			assertThat(KafkaSourceTests.this.kafka.committed()).isNull();
			fail(retry, "Still bad.");
			await().until(() -> KafkaSourceTests.this.kafka.published.size() == 1);
			ProducerRecord<byte[], byte[]> deadLetter = KafkaSourceTests.this.kafka.published.get(0);
			assertThat(deadLetter.topic()).isEqualTo("orders.DLT");
			assertThat(headers(deadLetter)).containsEntry("kafka_dlt-original-topic", "orders")
				.containsEntry("kafka_dlt-original-consumer-group", "group")
				.containsEntry("pipeline-dlt-reason", "Still bad.")
				.containsEntry("pipeline-dlt-attempts", "2")
				.doesNotContainKey("kafka_dlt-exception-fqcn");
			assertThat(
					ByteBuffer.wrap(deadLetter.headers().lastHeader("kafka_dlt-original-partition").value()).getInt())
				.isZero();
			assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader("kafka_dlt-original-offset").value()).getLong())
				.isZero();
			await().until(() -> Long.valueOf(1).equals(KafkaSourceTests.this.kafka.committed()));
			assertThat(KafkaSourceTests.this.source.stats().deadLettered()).isEqualTo(1);
		}

		@Test
		void whenARecordFailsAgainAndAgainThenItsRetriesFollowOneExecutionOfTheRetryBackOff() {
			RecordingBackOff backOff = new RecordingBackOff(10, 30);
			KafkaSourceTests.this.kafka.retry = RetryPolicy.builder().backOff(backOff).build();
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			KafkaSourceTests.this.kafka.records(1);
			KafkaSourceTests.this.source.request(10);
			for (int attempt = 1; attempt <= 3; attempt++) {
				int emitted = attempt;
				await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == emitted);
				fail(KafkaSourceTests.this.kafka.emitted.get(attempt - 1), "Bad reading " + attempt + ".");
			}
			await().until(() -> KafkaSourceTests.this.kafka.published.size() == 1);
			assertThat(backOff.started).as("one execution for the record").hasValue(1);
			assertThat(backOff.handedOut).as("a delay before each retry, then STOP").containsExactly(10L, 30L, -1L);
			assertThat(headers(KafkaSourceTests.this.kafka.published.get(0))).containsEntry("pipeline-dlt-attempts",
					"3");
			assertThat(KafkaSourceTests.this.source.stats().retried()).isEqualTo(2);
		}

		@Test
		void whenTheRetryPolicyDoesNotRetryTheExceptionThenTheRecordIsDeadLetteredAtOnce() {
			KafkaSourceTests.this.kafka.retry = RetryPolicy.builder()
				.maxRetries(3)
				.delay(Duration.ofMillis(10))
				.excludes(IllegalArgumentException.class)
				.build();
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			KafkaSourceTests.this.kafka.records(1);
			KafkaSourceTests.this.source.request(10);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 1);
			fail(KafkaSourceTests.this.kafka.emitted.get(0), new IllegalArgumentException("Not a reading."));
			await().until(() -> KafkaSourceTests.this.kafka.published.size() == 1);
			assertThat(headers(KafkaSourceTests.this.kafka.published.get(0)))
				.containsEntry("kafka_dlt-exception-fqcn", IllegalArgumentException.class.getName())
				.containsEntry("kafka_dlt-exception-message", "Not a reading.")
				.containsEntry("pipeline-dlt-attempts", "1");
			assertThat(KafkaSourceTests.this.kafka.emitted).hasSize(1);
		}

		@Test
		void whenPollingFailsThenTheWaitsAreTheReconnectBackOffsStepsAndAGoodPollStartsItAfresh() {
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(MockKafka.properties());
			RecordingBackOff backOff = KafkaSourceTests.this.kafka.reconnect;
			KafkaSourceTests.this.kafka.failPolls(2);
			await().until(() -> backOff.handedOut.size() == 2);
			KafkaSourceTests.this.kafka.records(1);
			KafkaSourceTests.this.source.request(1);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 1);
			assertThat(backOff.handedOut).containsExactly(10L, 20L);
			assertThat(backOff.started).hasValue(1);
			KafkaSourceTests.this.kafka.failPolls(1);
			await().until(() -> backOff.handedOut.size() == 3);
			assertThat(backOff.handedOut).as("a new execution after polls that went well")
				.containsExactly(10L, 20L, 10L);
			assertThat(backOff.started).hasValue(2);
		}

		@Test
		void whenTheDeadLetterCannotBePublishedThenTheOffsetWaitsUntilItIs() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setDeadLetterTopic("failed-orders");
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(properties);
			KafkaSourceTests.this.kafka.failPublishing = true;
			KafkaSourceTests.this.kafka.records(2);
			KafkaSourceTests.this.source.request(2);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 2);
			fail(KafkaSourceTests.this.kafka.emitted.get(0), "Poison.");
			ack(KafkaSourceTests.this.kafka.emitted.get(1));
			await().during(Duration.ofMillis(100)).until(() -> KafkaSourceTests.this.kafka.committed() == null);
			KafkaSourceTests.this.kafka.failPublishing = false;
			await().until(() -> Long.valueOf(2).equals(KafkaSourceTests.this.kafka.committed()));
			assertThat(KafkaSourceTests.this.kafka.published).singleElement()
				.satisfies((r) -> assertThat(r.topic()).isEqualTo("failed-orders"));
		}

		@Test
		void whenFailuresAreSkippedThenTheOffsetIsCommittedAndNothingPublished() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setOnFailure(KafkaFailureAction.SKIP);
			KafkaSourceTests.this.source = KafkaSourceTests.this.kafka.start(properties);
			KafkaSourceTests.this.kafka.records(1);
			KafkaSourceTests.this.source.request(1);
			await().until(() -> KafkaSourceTests.this.kafka.emitted.size() == 1);
			fail(KafkaSourceTests.this.kafka.emitted.get(0), "Poison.");
			await().until(() -> Long.valueOf(1).equals(KafkaSourceTests.this.kafka.committed()));
			assertThat(KafkaSourceTests.this.kafka.published).isEmpty();
			assertThat(KafkaSourceTests.this.source.stats().skipped()).isEqualTo(1);
		}

		private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
			Map<String, String> headers = new java.util.HashMap<>();
			for (Header header : record.headers()) {
				headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
			}
			return headers;
		}

	}

	private KafkaSource startWithPollsOf(int maxPollRecords) {
		KafkaSourceProperties properties = MockKafka.properties();
		properties.setMaxPollRecords(maxPollRecords);
		this.kafka.consumer.setMaxPollRecords(maxPollRecords);
		return this.kafka.start(properties);
	}

}
