package dev.pipeline.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.data.Offset;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryPolicy;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka source against a real (embedded KRaft) broker, counting what was sent,
 * handled, committed, lost and duplicated.
 */
class KafkaSourceIntegrationTests {

	private static EmbeddedKafkaKraftBroker broker;

	private static KafkaTestCluster kafka;

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0", "log.flush.interval.messages",
				"1000000", "num.network.threads", "2", "num.io.threads", "2"));
		broker.afterPropertiesSet();
		kafka = new KafkaTestCluster(broker.getBrokersAsString());
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	static ConditionFactory await(Duration atMost) {
		return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50));
	}

	static KafkaSourceProperties properties(String topic, KafkaOrdering ordering) {
		KafkaSourceProperties properties = new KafkaSourceProperties();
		properties.setTopics(java.util.List.of(topic));
		properties.setOrdering(ordering);
		properties.setCommitInterval(Duration.ofMillis(200));
		return properties;
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@Nested
	class Delivery {

		@Test
		void whenHalfAMillionRecordsAreConsumedThenEveryOneIsHandledOnceAndTheGroupsLagIsZero() {
			String topic = "bulk";
			int partitions = 6;
			int records = 500_000;
			kafka.createTopic(topic, partitions);
			kafka.produce(topic, records, (i) -> new String[] { "k" + (i % 1000), "v" + i });
			RecordLedger ledger = new RecordLedger(partitions, records);
			KafkaSourcePlan plan = KafkaSources.create("bulk", properties(topic, KafkaOrdering.PARTITION), 2,
					kafka.clients("bulk-group", Map.of()));
			Pipeline<byte[]> pipeline = Pipeline.create(
					plan.applyTo(Pipeline.<byte[]>builder("bulk").processors((p) -> p.concurrency(4).maxDemand(200)))
						.onMessage((message) -> {
							ledger.handled(message);
							return message;
						})
						.build());
			long start = System.nanoTime();
			pipeline.start();
			await(Duration.ofSeconds(120)).until(() -> ledger.handled() >= records);
			long elapsed = System.nanoTime() - start;
			await(Duration.ofSeconds(30)).until(() -> kafka.lag("bulk-group", topic) == 0);
			DrainResult drained = pipeline.drain();
			System.out.printf("bulk: %d records handled in %d ms; distinct %d, duplicates %d, lag 0%n",
					ledger.handled(), Duration.ofNanos(elapsed).toMillis(), ledger.distinct(), ledger.duplicates());
			assertThat(drained.completed()).isTrue();
			assertThat(ledger.distinct()).as("distinct records handled").isEqualTo(records);
			assertThat(ledger.duplicates()).as("duplicates").isZero();
			assertThat(kafka.lag("bulk-group", topic)).as("lag").isZero();
		}

		@Test
		void whenTheHandlerIsSlowerThanMaxPollIntervalThenTheGroupDoesNotRebalanceAndNothingIsDuplicated() {
			String topic = "slow";
			int records = 300;
			kafka.createTopic(topic, 1);
			kafka.produce(topic, records, (i) -> new String[] { "k", "v" + i });
			RecordLedger ledger = new RecordLedger(1, records);
			KafkaSourcePlan plan = KafkaSources.create("slow", properties(topic, KafkaOrdering.PARTITION), 1,
					kafka.clients("slow-group", Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 3000)));
			Pipeline<byte[]> pipeline = Pipeline
				.create(plan.applyTo(Pipeline.<byte[]>builder("slow").processors((p) -> p.concurrency(1).maxDemand(2)))
					.onMessage((message) -> {
						LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
						ledger.handled(message);
						return message;
					})
					.build());
			long start = System.nanoTime();
			pipeline.start();
			await(Duration.ofSeconds(60)).until(() -> ledger.handled() >= records);
			long elapsed = System.nanoTime() - start;
			await(Duration.ofSeconds(30)).until(() -> kafka.lag("slow-group", topic) == 0);
			KafkaSourceStats stats = plan.currentSources().get(0).stats();
			pipeline.drain();
			System.out.printf(
					"slow: %d records in %d ms against max.poll.interval.ms=3000; rebalances %d, " + "duplicates %d%n",
					ledger.handled(), Duration.ofNanos(elapsed).toMillis(), stats.rebalances(), ledger.duplicates());
			assertThat(Duration.ofNanos(elapsed)).isGreaterThan(Duration.ofSeconds(3));
			assertThat(stats.rebalances()).as("partitions revoked or lost").isZero();
			assertThat(ledger.distinct()).isEqualTo(records);
			assertThat(ledger.duplicates()).isZero();
		}

	}

	@Nested
	class Ordering {

		@Test
		void whenOrderedByPartitionThenEachPartitionIsHandledInOffsetOrderUnderConcurrency() {
			String topic = "by-partition";
			int partitions = 4;
			int records = 20_000;
			kafka.createTopic(topic, partitions);
			kafka.produce(topic, records, (i) -> new String[] { "k" + (i % 97), "v" + i });
			Map<Integer, Long> lastOffset = new ConcurrentHashMap<>();
			AtomicLong outOfOrder = new AtomicLong();
			AtomicLong handled = new AtomicLong();
			KafkaSourcePlan plan = KafkaSources.create("ordered", properties(topic, KafkaOrdering.PARTITION), 1,
					kafka.clients("by-partition-group", Map.of()));
			Pipeline<byte[]> pipeline = Pipeline.create(
					plan.applyTo(Pipeline.<byte[]>builder("ordered").processors((p) -> p.concurrency(4).maxDemand(50)))
						.onMessage((message) -> {
							int partition = (Integer) message.metadata().get(KafkaMetadata.PARTITION);
							long offset = (Long) message.metadata().get(KafkaMetadata.OFFSET);
							Long previous = lastOffset.put(partition, offset);
							if (previous != null && previous >= offset) {
								outOfOrder.incrementAndGet();
							}
							handled.incrementAndGet();
							return message;
						})
						.build());
			pipeline.start();
			await(Duration.ofSeconds(60)).until(() -> handled.get() >= records);
			pipeline.drain();
			System.out.printf("partition order: %d records, %d out of order%n", handled.get(), outOfOrder.get());
			assertThat(outOfOrder.get()).isZero();
			assertThat(handled.get()).isEqualTo(records);
		}

		@Test
		void whenOrderedByKeyThenEachKeysSequenceIsHandledInOrderWhileKeysRunInParallel() {
			String topic = "by-key";
			int keys = 200;
			int perKey = 100;
			kafka.createTopic(topic, 2);
			kafka.produce(topic, keys * perKey,
					(i) -> new String[] { "key-" + (i % keys), Integer.toString(i / keys) });
			Map<String, Integer> lastSeq = new ConcurrentHashMap<>();
			Map<String, Boolean> threads = new ConcurrentHashMap<>();
			AtomicLong outOfOrder = new AtomicLong();
			AtomicLong handled = new AtomicLong();
			KafkaSourcePlan plan = KafkaSources.create("keyed", properties(topic, KafkaOrdering.KEY), 1,
					kafka.clients("by-key-group", Map.of()));
			Pipeline<byte[]> pipeline = Pipeline.create(
					plan.applyTo(Pipeline.<byte[]>builder("keyed").processors((p) -> p.concurrency(8).maxDemand(20)))
						.onMessage((message) -> {
							String key = text((byte[]) message.metadata().get(KafkaMetadata.KEY));
							int seq = Integer.parseInt(text(message.data()));
							Integer previous = lastSeq.put(key, seq);
							if ((previous == null) ? seq != 0 : seq != previous + 1) {
								outOfOrder.incrementAndGet();
							}
							threads.put(Thread.currentThread().getName(), Boolean.TRUE);
							handled.incrementAndGet();
							return message;
						})
						.build());
			pipeline.start();
			await(Duration.ofSeconds(60)).until(() -> handled.get() >= keys * perKey);
			pipeline.drain();
			System.out.printf("key order: %d records over %d keys on %d processor threads (2 partitions), "
					+ "%d out of sequence%n", handled.get(), keys, threads.size(), outOfOrder.get());
			assertThat(outOfOrder.get()).isZero();
			assertThat(threads).as("processors that handled records").hasSizeGreaterThan(2);
		}

	}

	@Nested
	class Failures {

		@Test
		void whenPoisonRecordsFailTheirRetriesThenExactlyThoseGoToTheDeadLetterTopicAndThePartitionMovesOn() {
			String topic = "poisoned";
			int records = 2000;
			kafka.createTopic(topic, 3);
			kafka.createTopic(topic + ".DLT", 1);
			kafka.produce(topic, records, (i) -> new String[] { "k" + i, ((i % 53 == 0) ? "poison-" : "ok-") + i });
			long poison = (records + 52) / 53;
			AtomicLong attempts = new AtomicLong();
			KafkaSourceProperties properties = properties(topic, KafkaOrdering.PARTITION);
			KafkaSourcePlan plan = KafkaSources.create("poisoned", properties, 1,
					kafka.clients("poisoned-group", Map.of()),
					RetryPolicy.builder().maxRetries(1).delay(Duration.ofMillis(50)).build(),
					KafkaSources.defaultReconnect());
			Pipeline<byte[]> pipeline = Pipeline.create(
					plan.applyTo(Pipeline.<byte[]>builder("poisoned").processors((p) -> p.concurrency(2).maxDemand(50)))
						.onMessage((message) -> {
							if (text(message.data()).startsWith("poison")) {
								attempts.incrementAndGet();
								throw new IllegalArgumentException("Cannot parse " + text(message.data()));
							}
							return message;
						})
						.build());
			pipeline.start();
			await(Duration.ofSeconds(60)).until(() -> kafka.lag("poisoned-group", topic) == 0);
			KafkaSourceStats stats = plan.currentSources().get(0).stats();
			pipeline.drain();
			java.util.List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.readAll(topic + ".DLT", (int) poison);
			System.out.printf("dead letters: %d poison records of %d, %d handler attempts, %d dead-lettered%n", poison,
					records, attempts.get(), deadLetters.size());
			assertThat(deadLetters).hasSize((int) poison);
			assertThat(attempts.get()).isEqualTo(poison * 2);
			assertThat(stats.deadLettered()).isEqualTo(poison);
			ConsumerRecord<byte[], byte[]> first = deadLetters.get(0);
			assertThat(text(first.value())).startsWith("poison-");
			assertSpringKafkaDeadLetterHeaders(first, topic, "poisoned-group");
			assertThat(text(first.headers().lastHeader("kafka_dlt-exception-fqcn").value()))
				.isEqualTo(IllegalArgumentException.class.getName());
			assertThat(text(first.headers().lastHeader("kafka_dlt-exception-message").value()))
				.startsWith("Cannot parse poison-");
			assertThat(text(first.headers().lastHeader("kafka_dlt-exception-stacktrace").value()))
				.startsWith(IllegalArgumentException.class.getName() + ": Cannot parse");
			assertThat(text(first.headers().lastHeader("pipeline-dlt-reason").value())).contains("Cannot parse");
			assertThat(text(first.headers().lastHeader("pipeline-dlt-attempts").value())).isEqualTo("2");
		}

	}

	/**
	 * Asserts the headers Spring Kafka's {@code DeadLetterPublishingRecoverer} writes, by
	 * name, decoded as it encodes them.
	 * @param deadLetter the dead letter read from the broker
	 * @param topic the failed record's topic
	 * @param group the group that consumed it
	 */
	static void assertSpringKafkaDeadLetterHeaders(ConsumerRecord<byte[], byte[]> deadLetter, String topic,
			String group) {
		assertThat(text(deadLetter.headers().lastHeader("kafka_dlt-original-topic").value())).isEqualTo(topic);
		assertThat(text(deadLetter.headers().lastHeader("kafka_dlt-original-consumer-group").value())).isEqualTo(group);
		byte[] partition = deadLetter.headers().lastHeader("kafka_dlt-original-partition").value();
		assertThat(partition).hasSize(4);
		assertThat(ByteBuffer.wrap(partition).getInt()).isBetween(0, 2);
		byte[] offset = deadLetter.headers().lastHeader("kafka_dlt-original-offset").value();
		assertThat(offset).hasSize(8);
		assertThat(ByteBuffer.wrap(offset).getLong()).isNotNegative();
		byte[] timestamp = deadLetter.headers().lastHeader("kafka_dlt-original-timestamp").value();
		assertThat(timestamp).hasSize(8);
		assertThat(ByteBuffer.wrap(timestamp).getLong()).isCloseTo(System.currentTimeMillis(), Offset.offset(600_000L));
		assertThat(text(deadLetter.headers().lastHeader("kafka_dlt-original-timestamp-type").value()))
			.isEqualTo("CreateTime");
	}

	@Nested
	class ScaleOut {

		@Test
		void whenASecondInstanceJoinsAndTheFirstLeavesThenNothingIsLostAndOnlyRecordsInFlightAtRevocationRepeat() {
			String topic = "scale";
			int partitions = 4;
			int records = 40_000;
			kafka.createTopic(topic, partitions);
			kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
			RecordLedger ledger = new RecordLedger(partitions, records);
			KafkaSourcePlan planA = KafkaSources.create("scale", properties(topic, KafkaOrdering.PARTITION), 1,
					kafka.clients("scale-group", Map.of()));
			KafkaSourcePlan planB = KafkaSources.create("scale", properties(topic, KafkaOrdering.PARTITION), 1,
					kafka.clients("scale-group", Map.of()));
			Pipeline<byte[]> first = Pipeline.create(instance(planA, "scale-a", ledger));
			Pipeline<byte[]> second = Pipeline.create(instance(planB, "scale-b", ledger));
			first.start();
			await(Duration.ofSeconds(60)).until(() -> ledger.handled() >= records / 5);
			second.start();
			await(Duration.ofSeconds(60)).until(() -> planB.currentSources().get(0).stats().committedPartitions() > 0);
			long atJoin = ledger.handled();
			await(Duration.ofSeconds(60)).until(() -> ledger.handled() >= atJoin + records / 5);
			KafkaSourceStats statsA = planA.currentSources().get(0).stats();
			DrainResult drainedA = first.drain();
			await(Duration.ofSeconds(90)).until(() -> kafka.lag("scale-group", topic) == 0);
			KafkaSourceStats statsB = planB.currentSources().get(0).stats();
			second.drain();
			long inFlightAtRevocation = statsA.releasedAtRevocation() + statsB.releasedAtRevocation();
			long lost = records - ledger.distinct();
			System.out.printf(
					"scale-out: %d records, handled %d, lost %d, duplicates %d, in flight at revocation %d, "
							+ "rebalances seen by A %d, by B %d%n",
					records, ledger.handled(), lost, ledger.duplicates(), inFlightAtRevocation, statsA.rebalances(),
					statsB.rebalances());
			assertThat(drainedA.completed()).isTrue();
			assertThat(lost).as("lost").isZero();
			assertThat(ledger.duplicates()).as("duplicates").isLessThanOrEqualTo(inFlightAtRevocation);
		}

		private static PipelineSpec<byte[]> instance(KafkaSourcePlan plan, String name, RecordLedger ledger) {
			return plan.applyTo(Pipeline.<byte[]>builder(name).processors((p) -> p.concurrency(2).maxDemand(20)))
				.onMessage((message) -> {
					LockSupport.parkNanos(50_000);
					ledger.handled(message);
					return message;
				})
				.build();
		}

	}

}
