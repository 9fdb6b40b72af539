package dev.pipeline.bench.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.kafka.KafkaOrdering;
import dev.pipeline.kafka.KafkaShareSourcePlan;
import dev.pipeline.kafka.KafkaShareSourceProperties;
import dev.pipeline.kafka.KafkaShareSources;
import dev.pipeline.kafka.KafkaSourcePlan;
import dev.pipeline.kafka.KafkaSourceProperties;
import dev.pipeline.kafka.KafkaSources;
import dev.pipeline.kafka.SpringKafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;

/**
 * Share groups (KIP-932) on one partition. Part one reads N records of 200 bytes with C
 * share consumers, in turn, each side in a fresh share group that starts from the
 * earliest record: our pipeline ({@code KafkaShareSource}, 4 processors), a bare
 * {@code KafkaShareConsumer} loop per consumer (explicit {@code ACCEPT} per record), and
 * Spring Kafka's {@code ShareKafkaMessageListenerContainer} (concurrency C, a record
 * listener, records accepted when it returns). Part two is the slow handler: M records
 * with 1,000 keys, a 1 ms handler and 64 processors, our share-group source against our
 * consumer-group source with {@code ordering: key}.
 *
 * <pre>
 * ours    KafkaShareSource ×C (record_limit, 500/poll) ─► processor ×4 ─► ACCEPT
 * bare    KafkaShareConsumer.poll ×C (record_limit, 500/poll) ─► ACCEPT each ─► next poll
 * spring  ShareKafkaMessageListenerContainer (concurrency C, 500/poll) ─► listener ─► ACCEPT
 * slow    ours share (C consumers) vs ours consumer group (1 consumer, ordering key), processor ×64, 1 ms each
 * </pre>
 *
 * <p>
 * Each run checks that every sequence number was handled exactly once. Run (from the
 * repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * export KAFKA_STATE_DIR=/tmp/brokerbench-kafka
 * scripts/kafka-broker.sh start
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.broker.KafkaShareBenchmark
 * scripts/kafka-broker.sh stop
 * </pre>
 *
 * System properties: {@code records} (200000), {@code slow.records} (20000),
 * {@code consumers} (2), {@code rounds} (2), {@code warmups} (1), {@code sides}
 * (ours,bare,spring), {@code slow} (true), {@code bootstrap}.
 */
public final class KafkaShareBenchmark {

	private static final long TIMEOUT_SECONDS = 300;

	private static final int PER_POLL = 500;

	private final KafkaBench kafka;

	private final int consumers = Integer.getInteger("consumers", 2);

	private KafkaShareBenchmark(KafkaBench kafka) {
		this.kafka = kafka;
	}

	/**
	 * Runs the benchmark and prints the tables.
	 * @param args unused
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.getInteger("records", 200_000);
		int m = Integer.getInteger("slow.records", 20_000);
		int rounds = Integer.getInteger("rounds", 2);
		int warmups = Integer.getInteger("warmups", 1);
		List<String> sides = List.of(System.getProperty("sides", "ours,bare,spring").split(","));
		try (KafkaBench kafka = new KafkaBench()) {
			KafkaShareBenchmark benchmark = new KafkaShareBenchmark(kafka);
			String topic = "sharebench-" + System.currentTimeMillis();
			System.out.printf(
					"Kafka share groups %s: N = %,d × 200 B, 1 partition, %d consumers, %d rounds, "
							+ "broker pid %d, %d cores%n",
					kafka.bootstrap, n, benchmark.consumers, rounds, kafka.brokerPid,
					Runtime.getRuntime().availableProcessors());
			kafka.createTopic(topic, 1);
			kafka.produce(topic, n, (i) -> new ProducerRecord<>(topic, KafkaBench.payload(i, 200)));
			List<Sample> samples = new ArrayList<>();
			for (int r = -warmups; r < rounds; r++) {
				for (int i = 0; i < sides.size(); i++) {
					String side = sides.get((r + warmups + i) % sides.size());
					Sample sample = benchmark.round(side, topic, n);
					System.out.println(((r < 0) ? "   warm-up " : "   ") + sample.describe());
					if (r >= 0) {
						samples.add(sample);
					}
				}
			}
			BrokerReport.print(System.out,
					String.format(
							"Kafka share group read of %,d × 200 B, 1 partition, %d consumers (ours: 4 processors)", n,
							benchmark.consumers),
					samples, "bare");
			if (Boolean.parseBoolean(System.getProperty("slow", "true"))) {
				String slowTopic = "sharebench-slow-" + System.currentTimeMillis();
				kafka.createTopic(slowTopic, 1);
				kafka.produce(slowTopic, m, (i) -> new ProducerRecord<>(slowTopic,
						("key-" + (i % 1000)).getBytes(StandardCharsets.UTF_8), KafkaBench.payload(i, 200)));
				List<Sample> slow = new ArrayList<>();
				for (int r = 0; r < rounds; r++) {
					slow.add(benchmark.slowShare(slowTopic, m));
					System.out.println("   " + slow.get(slow.size() - 1).describe());
					slow.add(benchmark.slowKeyOrdered(slowTopic, m));
					System.out.println("   " + slow.get(slow.size() - 1).describe());
				}
				BrokerReport.print(System.out, String
					.format("Slow handler: %,d records, 1,000 keys, 1 partition, " + "1 ms handler, 64 processors", m),
						slow, "group-key");
			}
		}
	}

	private Sample round(String side, String topic, int n) throws Exception {
		Tally tally = new Tally(n);
		String group = "sharebench-" + side + "-" + System.nanoTime();
		startFromEarliest(group);
		Sample sample = switch (side) {
			case "ours" -> ours(topic, group, tally, n, 4, 0, "ours");
			case "bare" -> bare(topic, group, tally);
			case "spring" -> spring(topic, group, tally);
			default -> throw new IllegalArgumentException("Unknown side '" + side + "': use ours, bare or spring.");
		};
		tally.check(side);
		return sample;
	}

	private Sample slowShare(String topic, int m) throws Exception {
		Tally tally = new Tally(m);
		String group = "sharebench-slow-" + System.nanoTime();
		startFromEarliest(group);
		Sample sample = ours(topic, group, tally, m, 64, 1_000_000, "share");
		tally.check("share");
		return sample;
	}

	private Sample slowKeyOrdered(String topic, int m) throws Exception {
		Tally tally = new Tally(m);
		String group = "sharebench-key-" + System.nanoTime();
		KafkaSourceProperties properties = new KafkaSourceProperties();
		properties.setTopics(List.of(topic));
		properties.setGroupId(group);
		properties.setOrdering(KafkaOrdering.KEY);
		KafkaSourcePlan plan = KafkaSources.create("key", properties, 1,
				new SpringKafkaClients(new DefaultKafkaConsumerFactory<>(this.kafka.consumerConfig(group)), null));
		Pipeline<byte[]> pipeline = Pipeline.create(
				plan.applyTo(Pipeline.<byte[]>builder("key")).processors((p) -> p.concurrency(64)).onMessage((msg) -> {
					LockSupport.parkNanos(1_000_000);
					tally.record(KafkaBench.sequence(msg.data()));
					return msg;
				}).build());
		return run(pipeline, tally, "group-key", m);
	}

	private Sample ours(String topic, String group, Tally tally, int n, int processors, long handlerNanos, String side)
			throws Exception {
		KafkaShareSourceProperties properties = new KafkaShareSourceProperties();
		properties.setTopics(List.of(topic));
		properties.setGroupId(group);
		properties.setMaxPollRecords(PER_POLL);
		KafkaShareSourcePlan plan = KafkaShareSources.create("share", properties, this.consumers,
				new SpringKafkaClients(new DefaultKafkaConsumerFactory<>(shareConfig(group)), null));
		int maxDemand = Math.max(10, PER_POLL * this.consumers / processors);
		Pipeline<byte[]> pipeline = Pipeline.create(plan.applyTo(Pipeline.<byte[]>builder("share"))
			.processors((p) -> p.concurrency(processors).maxDemand(maxDemand))
			.onMessage((msg) -> {
				if (handlerNanos > 0) {
					LockSupport.parkNanos(handlerNanos);
				}
				tally.record(KafkaBench.sequence(msg.data()));
				return msg;
			})
			.build());
		return run(pipeline, tally, side, n);
	}

	private Sample run(Pipeline<byte[]> pipeline, Tally tally, String side, long n) throws InterruptedException {
		Stopwatch watch = Stopwatch.start(this.kafka.brokerPid);
		pipeline.start();
		Sample sample = watch.stop(side, tally, TIMEOUT_SECONDS);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || stats.succeeded() != n || stats.failed() != 0) {
			throw new IllegalStateException(side + ": unclean end: " + drained + ", " + stats);
		}
		return sample;
	}

	private Sample bare(String topic, String group, Tally tally) throws Exception {
		AtomicBoolean done = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>();
		Stopwatch watch = Stopwatch.start(this.kafka.brokerPid);
		for (int c = 0; c < this.consumers; c++) {
			Thread thread = new Thread(() -> {
				try (KafkaShareConsumer<byte[], byte[]> consumer = new KafkaShareConsumer<>(shareConfig(group))) {
					consumer.subscribe(List.of(topic));
					while (!done.get()) {
						for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
							tally.record(KafkaBench.sequence(record.value()));
							consumer.acknowledge(record, AcknowledgeType.ACCEPT);
						}
					}
					consumer.commitSync();
				}
			}, "bare-share-" + c);
			thread.start();
			threads.add(thread);
		}
		try {
			return watch.stop("bare", tally, TIMEOUT_SECONDS);
		}
		finally {
			done.set(true);
			for (Thread thread : threads) {
				thread.join(TimeUnit.SECONDS.toMillis(30));
			}
		}
	}

	private Sample spring(String topic, String group, Tally tally) throws Exception {
		ContainerProperties properties = new ContainerProperties(topic);
		properties.setGroupId(group);
		properties.setMessageListener(
				(MessageListener<byte[], byte[]>) (record) -> tally.record(KafkaBench.sequence(record.value())));
		ShareKafkaMessageListenerContainer<byte[], byte[]> container = new ShareKafkaMessageListenerContainer<>(
				new DefaultShareConsumerFactory<>(shareConfig(group)), properties);
		container.setConcurrency(this.consumers);
		Stopwatch watch = Stopwatch.start(this.kafka.brokerPid);
		container.start();
		try {
			return watch.stop("spring", tally, TIMEOUT_SECONDS);
		}
		finally {
			container.stop();
		}
	}

	private Map<String, Object> shareConfig(String group) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, PER_POLL);
		config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
		config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return config;
	}

	private void startFromEarliest(String group) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrap))) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
			admin
				.incrementalAlterConfigs(
						Map.of(resource,
								List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

}
