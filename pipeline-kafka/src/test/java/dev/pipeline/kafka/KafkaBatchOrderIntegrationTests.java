package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static dev.pipeline.kafka.KafkaSourceIntegrationTests.await;
import static dev.pipeline.kafka.KafkaSourceIntegrationTests.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-partition order through a batcher with several batch workers, on a real broker
 * ({@code PIPELINE_KAFKA_BOOTSTRAP}, or one started for the test): in an ordered mode
 * each record's partition is its batch key unless the handler sets another.
 */
class KafkaBatchOrderIntegrationTests {

	private static final int PARTITIONS = 4;

	private static final int RECORDS = 4000;

	@Test
	void whenBatchWorkersHandleBatchesAtRandomSpeedsThenEachPartitionsBatchesAreUnmixedOnOneWorkerAndInOffsetOrder() {
		try (StandaloneKafka broker = StandaloneKafka.shared()) {
			KafkaTestCluster kafka = new KafkaTestCluster(broker.bootstrap());
			String topic = "batch-order-" + System.nanoTime();
			kafka.createTopic(topic, PARTITIONS);
			kafka.produce(topic, RECORDS, (i) -> new String[] { "k" + i, "v" + i });
			BatchLog log = new BatchLog();
			KafkaSourcePlan plan = KafkaSources.create("batch-order", properties(topic, KafkaOrdering.PARTITION), 1,
					kafka.clients(topic + "-group", Map.of()));
			Pipeline<byte[]> pipeline = Pipeline.create(plan
				.applyTo(Pipeline.<byte[]>builder("batch-order").processors((p) -> p.concurrency(4).maxDemand(25)))
				.onMessage((message) -> message)
				.batcher("default",
						(b) -> b.batchSize(10)
							.batchTimeout(Duration.ofMillis(20))
							.concurrency(4)
							.handler((batch, info) -> {
								log.handled(batch);
								LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000));
								return batch;
							}))
				.build());
			pipeline.start();
			await(Duration.ofSeconds(120)).until(() -> log.records.get() >= RECORDS);
			pipeline.drain();
			System.out.printf("batch order: %d records in %d batches; mixed batches %d; workers per partition %s%n",
					log.records.get(), log.batches.get(), log.mixed.get(), log.workers);
			assertThat(log.mixed).as("batches holding records of several partitions").hasValue(0);
			assertThat(log.workers).hasSize(PARTITIONS)
				.allSatisfy(
						(partition, workers) -> assertThat(workers).as("batch workers of %s", partition).hasSize(1));
			assertThat(log.offsets).hasSize(PARTITIONS)
				.allSatisfy(
						(partition, offsets) -> assertThat(offsets).as("offsets of %s at the batch handler", partition)
							.isSorted()
							.doesNotHaveDuplicates());
			assertThat(log.offsets.values().stream().mapToInt(List::size).sum()).isEqualTo(RECORDS);
		}
	}

	@Test
	void whenTheHandlerSetsItsOwnBatchKeyThenItWins() {
		try (StandaloneKafka broker = StandaloneKafka.shared()) {
			KafkaTestCluster kafka = new KafkaTestCluster(broker.bootstrap());
			String topic = "batch-key-" + System.nanoTime();
			kafka.createTopic(topic, PARTITIONS);
			kafka.produce(topic, 400, (i) -> new String[] { "k" + i, "v" + i });
			Set<Object> keys = ConcurrentHashMap.newKeySet();
			AtomicInteger handled = new AtomicInteger();
			KafkaSourcePlan plan = KafkaSources.create("batch-key", properties(topic, KafkaOrdering.PARTITION), 1,
					kafka.clients(topic + "-group", Map.of()));
			PipelineSpec<byte[]> spec = plan
				.applyTo(Pipeline.<byte[]>builder("batch-key").processors((p) -> p.concurrency(2)))
				.onMessage((message) -> message.withBatchKey("all"))
				.batcher("default",
						(b) -> b.batchSize(50)
							.batchTimeout(Duration.ofMillis(20))
							.concurrency(2)
							.handler((batch, info) -> {
								keys.add(String.valueOf(info.batchKey()));
								handled.addAndGet(batch.size());
								return batch;
							}))
				.build();
			Pipeline<byte[]> pipeline = Pipeline.create(spec);
			pipeline.start();
			await(Duration.ofSeconds(60)).until(() -> handled.get() >= 400);
			pipeline.drain();
			assertThat(keys).containsExactly("all");
		}
	}

	private static final class BatchLog {

		final AtomicInteger records = new AtomicInteger();

		final AtomicInteger batches = new AtomicInteger();

		final AtomicInteger mixed = new AtomicInteger();

		final Map<Integer, Set<String>> workers = new ConcurrentHashMap<>();

		final Map<Integer, List<Long>> offsets = new ConcurrentHashMap<>();

		void handled(List<Message<byte[]>> batch) {
			Set<TopicPartition> partitions = ConcurrentHashMap.newKeySet();
			for (Message<byte[]> message : batch) {
				Map<String, Object> metadata = message.metadata();
				partitions.add(new TopicPartition((String) metadata.get(KafkaMetadata.TOPIC),
						(Integer) metadata.get(KafkaMetadata.PARTITION)));
				int partition = (Integer) metadata.get(KafkaMetadata.PARTITION);
				this.workers.computeIfAbsent(partition, (p) -> ConcurrentHashMap.newKeySet())
					.add(Thread.currentThread().getName());
				List<Long> seen = this.offsets.computeIfAbsent(partition, (p) -> new ArrayList<>());
				synchronized (seen) {
					seen.add((Long) metadata.get(KafkaMetadata.OFFSET));
				}
			}
			if (partitions.size() > 1) {
				this.mixed.incrementAndGet();
			}
			this.batches.incrementAndGet();
			this.records.addAndGet(batch.size());
		}

	}

}
