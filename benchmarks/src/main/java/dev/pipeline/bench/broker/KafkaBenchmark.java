package dev.pipeline.bench.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pipeline.kafka.KafkaOrdering;
import dev.pipeline.kafka.KafkaSourcePlan;
import dev.pipeline.kafka.KafkaSourceProperties;
import dev.pipeline.kafka.KafkaSources;
import dev.pipeline.kafka.SpringKafkaClients;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineStats;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Reads one 4-partition topic of N records of 200 bytes (the first 8 bytes are the
 * sequence number) from the start, with three consumers in turn, in the same JVM, each in
 * a fresh group: our pipeline with the starter's {@code KafkaSource}, a bare
 * {@code KafkaConsumer} poll loop, and Spring Kafka's batch listener. Each is timed from
 * its start (group join included) to the N-th record; the rate from the first record is
 * printed too. The order of the sides rotates from one round to the next.
 *
 * <pre>
 * ours    KafkaSource (1 consumer, ordering partition, 500/poll) ─► processor ×4 (partitioned by partition) ─► ack ─► commit (5,000 or 1 s)
 * bare    KafkaConsumer.poll(500 ms) (500/poll) ─► commitAsync() after every poll
 * spring  ConcurrentMessageListenerContainer (concurrency 1, batch listener, 500/poll) ─► AckMode.BATCH commit after every poll
 * </pre>
 *
 * <p>
 * Ours has no batcher by default ({@code -Dbatcher=500} adds batcher "default" of 500).
 * Each run checks its own result: every sequence number from 0 to N - 1 delivered exactly
 * once, and the group's committed offsets summing to N after the consumer stopped; ours
 * also a clean drain and N succeeded. Any miss throws. The topic and the groups are
 * deleted at the end.
 *
 * <p>
 * Run (from the repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * export KAFKA_STATE_DIR=/tmp/brokerbench-kafka
 * scripts/kafka-broker.sh start
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.broker.KafkaBenchmark
 * scripts/kafka-broker.sh stop
 * </pre>
 *
 * System properties: {@code records} (2000000), {@code rounds} (3), {@code warmups} (3
 * rounds per side, not counted: with one, the JIT compilers still worked in the measured
 * rounds of ours), {@code processors} (4), {@code max.demand} (the engine's default),
 * {@code commit.count} (the source's default), {@code batcher} (0: none), {@code sides}
 * (ours,bare,spring), {@code bootstrap} (read from {@code $KAFKA_STATE_DIR/bootstrap}).
 */
public final class KafkaBenchmark {

	private static final long TIMEOUT_SECONDS = 300;

	private final KafkaBench kafka;

	private final String topic;

	private final int n;

	private KafkaBenchmark(KafkaBench kafka, String topic, int n) {
		this.kafka = kafka;
		this.topic = topic;
		this.n = n;
	}

	/**
	 * Runs the benchmark and prints the table.
	 * @param args unused
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.getInteger("records", 2_000_000);
		int rounds = Integer.getInteger("rounds", 3);
		int warmups = Integer.getInteger("warmups", 3);
		List<String> sides = List.of(System.getProperty("sides", "ours,bare,spring").split(","));
		List<Sample> samples = new ArrayList<>();
		try (KafkaBench kafka = new KafkaBench()) {
			String topic = "brokerbench-" + System.currentTimeMillis();
			System.out.printf("Kafka %s: N = %,d × 200 B, 4 partitions, %d rounds, broker pid %d, %d cores%n",
					kafka.bootstrap, n, rounds, kafka.brokerPid, Runtime.getRuntime().availableProcessors());
			kafka.createTopic(topic, 4);
			kafka.produce(topic, n, (i) -> new ProducerRecord<>(topic, KafkaBench.payload(i, 200)));
			KafkaBenchmark benchmark = new KafkaBenchmark(kafka, topic, n);
			for (int r = -warmups; r < rounds; r++) {
				for (int i = 0; i < sides.size(); i++) {
					String side = sides.get((r + warmups + i) % sides.size());
					Sample sample = benchmark.round(side, "brokerbench-" + side + "-" + r + "-" + System.nanoTime());
					System.out.println(((r < 0) ? "   warm-up " : "   ") + sample.describe());
					if (r >= 0) {
						samples.add(sample);
					}
				}
			}
			BrokerReport.print(System.out,
					String.format("Kafka read of %,d × 200 B, 4 partitions, from the start (%s)", n, describeOurs()),
					samples, "bare");
		}
	}

	private static String describeOurs() {
		int batcher = Integer.getInteger("batcher", 0);
		return "ours: processors " + Integer.getInteger("processors", 4)
				+ ((batcher > 0) ? ", batcher of " + batcher : ", no batcher");
	}

	private Sample round(String side, String group) throws Exception {
		Tally tally = new Tally(this.n);
		Sample sample = switch (side) {
			case "ours" -> ours(group, tally);
			case "bare" -> bare(group, tally);
			case "spring" -> spring(group, tally);
			default -> throw new IllegalArgumentException("Unknown side '" + side + "': use ours, bare or spring.");
		};
		tally.check(side);
		this.kafka.checkCommitted(side, group, this.n);
		return sample;
	}

	private Sample ours(String group, Tally tally) throws Exception {
		DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(
				this.kafka.consumerConfig(group));
		KafkaSourceProperties properties = new KafkaSourceProperties();
		properties.setTopics(List.of(this.topic));
		properties.setGroupId(group);
		properties.setOrdering(KafkaOrdering.PARTITION);
		properties.setMaxPollRecords(500);
		Integer commitCount = Integer.getInteger("commit.count");
		if (commitCount != null) {
			properties.setCommitCount(commitCount);
		}
		KafkaSourcePlan plan = KafkaSources.create("kafka", properties, 1, new SpringKafkaClients(factory, null));
		int batcher = Integer.getInteger("batcher", 0);
		int processors = Integer.getInteger("processors", 4);
		PipelineSpec.Builder<byte[]> builder = plan.applyTo(Pipeline.<byte[]>builder("kafka")).processors((p) -> {
			p.concurrency(processors);
			if (Boolean.getBoolean("partition.by")) {
				// The processors pinned to a partition's hash, as before order-by
				p.orderBy(null).partitionBy(plan.partitionKey());
			}
			Integer maxDemand = Integer.getInteger("max.demand");
			if (maxDemand != null) {
				p.maxDemand(maxDemand);
			}
		});
		if (batcher > 0) {
			builder.onMessage((m) -> m)
				.batcher(Message.DEFAULT_BATCHER, (b) -> b.batchSize(batcher).handler((batch, info) -> {
					for (Message<byte[]> m : batch) {
						tally.record(KafkaBench.sequence(m.data()));
					}
					return batch;
				}));
		}
		else {
			builder.onMessage((m) -> {
				tally.record(KafkaBench.sequence(m.data()));
				return m;
			});
		}
		Pipeline<byte[]> pipeline = Pipeline.create(builder.build());
		Stopwatch watch = Stopwatch.start(this.kafka.brokerPid);
		pipeline.start();
		Sample sample = watch.stop("ours", tally, TIMEOUT_SECONDS);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || stats.succeeded() != this.n || stats.failed() != 0) {
			throw new IllegalStateException("ours: unclean end: " + drained + ", " + stats);
		}
		return sample;
	}

	private Sample bare(String group, Tally tally) throws Exception {
		Map<String, Object> config = this.kafka.consumerConfig(group);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			Stopwatch watch = Stopwatch.start(this.kafka.brokerPid);
			consumer.subscribe(List.of(this.topic));
			while (tally.seen() < this.n) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
				for (ConsumerRecord<byte[], byte[]> record : records) {
					tally.record(KafkaBench.sequence(record.value()));
				}
				consumer.commitAsync();
			}
			Sample sample = watch.stop("bare", tally, TIMEOUT_SECONDS);
			consumer.commitSync();
			return sample;
		}
	}

	private Sample spring(String group, Tally tally) throws Exception {
		ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(this.kafka.consumerConfig(group)));
		factory.setBatchListener(true);
		factory.setConcurrency(1);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		ConcurrentMessageListenerContainer<byte[], byte[]> container = factory.createContainer(this.topic);
		container.getContainerProperties().setGroupId(group);
		container.getContainerProperties().setMessageListener((BatchMessageListener<byte[], byte[]>) (records) -> {
			for (ConsumerRecord<byte[], byte[]> record : records) {
				tally.record(KafkaBench.sequence(record.value()));
			}
		});
		Stopwatch watch = Stopwatch.start(this.kafka.brokerPid);
		container.start();
		try {
			return watch.stop("spring", tally, TIMEOUT_SECONDS);
		}
		finally {
			container.stop();
		}
	}

}
