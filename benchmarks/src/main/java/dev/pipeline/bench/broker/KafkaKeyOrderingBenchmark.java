package dev.pipeline.bench.broker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.kafka.KafkaOrdering;
import dev.pipeline.kafka.KafkaSourcePlan;
import dev.pipeline.kafka.KafkaSourceProperties;
import dev.pipeline.kafka.KafkaSources;
import dev.pipeline.kafka.SpringKafkaClients;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * The key-ordering case: one partition, 1,000 keys, N records, and a handler that waits 1
 * ms per record as I/O would ({@code LockSupport.parkNanos(1_000_000)}). Our pipeline
 * with {@code ordering: key} and 64 processors against Spring Kafka's own record listener
 * on the same partition (concurrency 1, the most one partition allows).
 *
 * <pre>
 * ours    KafkaSource (1 consumer, ordering key) ─► processor ×64 (partitioned by record key; 1 ms each) ─► ack ─► commit
 * spring  ConcurrentMessageListenerContainer (concurrency 1) ─► MessageListener (1 ms each) ─► AckMode.BATCH
 * </pre>
 *
 * <p>
 * Record i has key {@code k<i % 1000>} and carries i and its per-key sequence
 * {@code i / 1000}. Each side checks that every record of its run arrived exactly once
 * and counts per-key order violations (a record whose per-key sequence is not one more
 * than the last seen for its key), which must be 0; ours also checks the committed
 * offsets and a clean drain. Spring's listener, which cannot run faster than 1 record per
 * millisecond, is timed over the first {@code peer.records} records only.
 *
 * <p>
 * Run (from the repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * export KAFKA_STATE_DIR=/tmp/brokerbench-kafka
 * scripts/kafka-broker.sh start
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.broker.KafkaKeyOrderingBenchmark
 * scripts/kafka-broker.sh stop
 * </pre>
 *
 * System properties: {@code records} (50000), {@code peer.records} (10000),
 * {@code rounds} (3, for ours; the peer runs once), {@code processors} (64),
 * {@code max.demand} (the engine's default).
 */
public final class KafkaKeyOrderingBenchmark {

	static final int KEYS = 1000;

	private static final long TIMEOUT_SECONDS = 600;

	private KafkaKeyOrderingBenchmark() {
	}

	/**
	 * Runs the benchmark and prints the table.
	 * @param args unused
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.getInteger("records", 50_000);
		int peerN = Math.min(n, Integer.getInteger("peer.records", 10_000));
		int rounds = Integer.getInteger("rounds", 3);
		int processors = Integer.getInteger("processors", 64);
		List<Sample> samples = new ArrayList<>();
		try (KafkaBench kafka = new KafkaBench()) {
			String topic = "brokerbench-keys-" + System.currentTimeMillis();
			System.out.printf(
					"Kafka %s: key ordering, 1 partition, %,d keys, N = %,d (peer: first %,d), 1 ms per "
							+ "record, %d processors, broker pid %d%n",
					kafka.bootstrap, KEYS, n, peerN, processors, kafka.brokerPid);
			kafka.createTopic(topic, 1);
			kafka.produce(topic, n,
					(i) -> new ProducerRecord<>(topic, ("k" + (i % KEYS)).getBytes(StandardCharsets.UTF_8), value(i)));
			for (int r = 0; r < rounds; r++) {
				samples.add(report(ours(kafka, topic, n, processors, "brokerbench-keys-ours-" + r)));
			}
			samples.add(report(spring(kafka, topic, peerN, "brokerbench-keys-spring")));
			BrokerReport.print(System.out,
					String.format(
							"Kafka key ordering, 1 partition, %,d keys, 1 ms per record (ours: %,d records, "
									+ "ordering key, %d processors; spring: first %,d records, concurrency 1)",
							KEYS, n, processors, peerN),
					samples, "spring");
		}
	}

	private static Sample report(Sample sample) {
		System.out.println("   " + sample.describe());
		return sample;
	}

	static byte[] value(int i) {
		byte[] body = new byte[200];
		ByteBuffer.wrap(body).putLong(0, i).putInt(8, i % KEYS).putInt(12, i / KEYS);
		return body;
	}

	private static Sample ours(KafkaBench kafka, String topic, int n, int processors, String group) throws Exception {
		Tally tally = new Tally(n);
		Order order = new Order();
		KafkaSourceProperties properties = new KafkaSourceProperties();
		properties.setTopics(List.of(topic));
		properties.setGroupId(group);
		properties.setOrdering(KafkaOrdering.KEY);
		KafkaSourcePlan plan = KafkaSources.create("keys", properties, 1,
				new SpringKafkaClients(new DefaultKafkaConsumerFactory<>(kafka.consumerConfig(group)), null));
		Pipeline<byte[]> pipeline = Pipeline.create(plan.applyTo(Pipeline.<byte[]>builder("keys")).processors((p) -> {
			p.concurrency(processors);
			Integer maxDemand = Integer.getInteger("max.demand");
			if (maxDemand != null) {
				p.maxDemand(maxDemand);
			}
		}).onMessage((m) -> {
			LockSupport.parkNanos(1_000_000);
			order.see(m.data());
			tally.record(KafkaBench.sequence(m.data()));
			return m;
		}).build());
		Stopwatch watch = Stopwatch.start(kafka.brokerPid);
		pipeline.start();
		Sample sample = watch.stop("ours", tally, TIMEOUT_SECONDS);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		PipelineStats stats = pipeline.stats();
		tally.check("ours");
		order.check("ours");
		kafka.checkCommitted("ours", group, n);
		if (!drained.completed() || stats.succeeded() != n || stats.failed() != 0) {
			throw new IllegalStateException("ours: unclean end: " + drained + ", " + stats);
		}
		return sample;
	}

	private static Sample spring(KafkaBench kafka, String topic, int peerN, String group) throws Exception {
		Tally tally = new Tally(peerN);
		Order order = new Order();
		AtomicLong seen = new AtomicLong();
		ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(kafka.consumerConfig(group)));
		factory.setConcurrency(1);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		ConcurrentMessageListenerContainer<byte[], byte[]> container = factory.createContainer(topic);
		container.getContainerProperties().setGroupId(group);
		container.getContainerProperties()
			.setMessageListener((MessageListener<byte[], byte[]>) (ConsumerRecord<byte[], byte[]> record) -> {
				if (seen.incrementAndGet() <= peerN) {
					LockSupport.parkNanos(1_000_000);
					order.see(record.value());
					tally.record(KafkaBench.sequence(record.value()));
				}
			});
		Stopwatch watch = Stopwatch.start(kafka.brokerPid);
		container.start();
		try {
			Sample sample = watch.stop("spring", tally, TIMEOUT_SECONDS);
			tally.check("spring");
			order.check("spring");
			return sample;
		}
		finally {
			container.stop();
		}
	}

	/**
	 * Counts per-key order violations: the per-key sequence of a record must be one more
	 * than the last one seen for its key. Records of one key are handled one at a time,
	 * so plain reads and writes of a key's slot are enough; the array makes them visible
	 * across the processors a key never moves between.
	 */
	static final class Order {

		private final AtomicIntegerArray last = new AtomicIntegerArray(KEYS);

		private final AtomicLong violations = new AtomicLong();

		Order() {
			for (int i = 0; i < KEYS; i++) {
				this.last.set(i, -1);
			}
		}

		void see(byte[] value) {
			ByteBuffer buffer = ByteBuffer.wrap(value);
			int key = buffer.getInt(8);
			int sequence = buffer.getInt(12);
			if (this.last.getAndSet(key, sequence) != sequence - 1) {
				this.violations.incrementAndGet();
			}
		}

		long violations() {
			return this.violations.get();
		}

		void check(String side) {
			System.out.printf("   %s: %,d per-key order violations%n", side, violations());
			if (violations() != 0) {
				throw new IllegalStateException(side + ": " + violations() + " per-key order violations");
			}
		}

	}

}
