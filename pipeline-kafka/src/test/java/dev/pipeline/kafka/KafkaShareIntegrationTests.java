package dev.pipeline.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import dev.pipeline.core.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.pipeline.kafka.KafkaSourceIntegrationTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The share-group source against a broker running as its own process
 * ({@code scripts/kafka-broker.sh}): two instances sharing one partition, failures
 * released, rejected and dead-lettered, an instance killed with SIGKILL, and a drain.
 */
class KafkaShareIntegrationTests {

	private static StandaloneKafka broker;

	private static KafkaTestCluster kafka;

	private static ShareGroups groups;

	@BeforeAll
	static void startBroker() {
		broker = StandaloneKafka.shared();
		kafka = new KafkaTestCluster(broker.bootstrap());
		groups = new ShareGroups(broker.bootstrap());
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void whenTwoInstancesShareOnePartitionThenBothGetWorkAndEveryRecordIsAcceptedOnce() {
		String topic = "share-" + System.nanoTime();
		String group = topic + "-group";
		int records = 100_000;
		kafka.createTopic(topic, 1);
		groups.startFromEarliest(group);
		AtomicIntegerArray counts = new AtomicIntegerArray(records);
		LongAdder handledByA = new LongAdder();
		LongAdder handledByB = new LongAdder();
		KafkaShareSourcePlan planA = plan(group, topic, 2, 100);
		KafkaShareSourcePlan planB = plan(group, topic, 2, 100);
		Pipeline<byte[]> a = pipeline("a", planA, (message) -> count(message, counts, handledByA));
		Pipeline<byte[]> b = pipeline("b", planB, (message) -> count(message, counts, handledByB));
		a.start();
		b.start();
		await(Duration.ofSeconds(60)).until(() -> groups.assignedMembers(group) == 4);
		long started = System.nanoTime();
		kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
		await(Duration.ofSeconds(240)).until(() -> planA.stats().accepted() + planB.stats().accepted() >= records);
		long took = System.nanoTime() - started;
		a.drain();
		b.drain();
		long distinct = 0;
		long duplicates = 0;
		for (int i = 0; i < records; i++) {
			distinct += (counts.get(i) > 0) ? 1 : 0;
			duplicates += Math.max(0, counts.get(i) - 1);
		}
		System.out.printf(
				"share group, one partition: %d records, instance a %d, instance b %d, lost %d, "
						+ "duplicates %d, %d ms%n",
				records, handledByA.sum(), handledByB.sum(), records - distinct, duplicates,
				TimeUnit.NANOSECONDS.toMillis(took));
		assertThat(distinct).as("distinct records handled").isEqualTo(records);
		assertThat(duplicates).as("records handled twice").isZero();
		assertThat(planA.stats().accepted() + planB.stats().accepted()).as("accepted").isEqualTo(records);
		assertThat(handledByA.sum()).as("handled by instance a").isPositive();
		assertThat(handledByB.sum()).as("handled by instance b").isPositive();
		assertThat(planA.stats().refused() + planB.stats().refused()).as("refused acknowledgements").isZero();
	}

	@Test
	void whenRecordsFailThenTheyAreDeliveredAgainWithARisingCountUntilDeadLetteredOrRejected() {
		String topic = "share-fail-" + System.nanoTime();
		String group = topic + "-group";
		kafka.createTopic(topic, 1);
		kafka.createTopic(topic + ".DLT", 1);
		groups.startFromEarliest(group);
		kafka.produce(topic, 30,
				(i) -> new String[] { (i < 20) ? "ok-" + i : (i < 25) ? "dlt-" + i : "rej-" + i, "v" + i });
		KafkaShareSourceProperties properties = properties(topic, 20);
		properties.setOnFailure(ShareFailureAction.DEAD_LETTER);
		properties.setMaxDeliveries(3);
		KafkaShareSourcePlan plan = KafkaShareSources.create("fail", properties, 1, kafka.clients(group, Map.of()));
		Map<String, List<Integer>> deliveries = new ConcurrentHashMap<>();
		Pipeline<byte[]> pipeline = pipeline("fail", plan, (message) -> {
			String key = KafkaSourceIntegrationTests.text((byte[]) message.metadata().get(KafkaMetadata.KEY));
			deliveries.computeIfAbsent(key, (k) -> new java.util.concurrent.CopyOnWriteArrayList<>())
				.add((Integer) message.metadata().get(KafkaMetadata.DELIVERY_COUNT));
			assertThat(message.metadata().get(KafkaMetadata.HEADERS)).isEqualTo(Map.of());
			if (key.startsWith("dlt-")) {
				throw new IllegalStateException("Always fails.", new IOException("Disk full."));
			}
			if (key.startsWith("rej-")) {
				return message.configureAck(KafkaShareAckOption.onFailure(ShareFailureAction.REJECT))
					.failed("Malformed.");
			}
			return message;
		});
		pipeline.start();
		List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
		await(Duration.ofSeconds(60)).until(() -> {
			if (deadLetters.size() < 5) {
				deadLetters.clear();
				deadLetters.addAll(kafka.readAll(topic + ".DLT", 5));
			}
			return deadLetters.size() >= 5 && plan.stats().accepted() == 25 && plan.stats().rejected() == 5;
		});
		pipeline.drain();
		System.out.printf("share group failures: %s, dead letters %d%n", plan.stats(), deadLetters.size());
		for (int i = 20; i < 25; i++) {
			assertThat(deliveries.get("dlt-" + i)).as("deliveries of dlt-" + i).containsExactly(1, 2, 3);
		}
		for (int i = 25; i < 30; i++) {
			assertThat(deliveries.get("rej-" + i)).as("deliveries of rej-" + i).containsExactly(1);
		}
		for (int i = 0; i < 20; i++) {
			assertThat(deliveries.get("ok-" + i)).as("deliveries of ok-" + i).containsExactly(1);
		}
		assertThat(deadLetters).hasSize(5);
		ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
		KafkaSourceIntegrationTests.assertSpringKafkaDeadLetterHeaders(deadLetter, topic, group);
		assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).isEqualTo(IllegalStateException.class.getName());
		assertThat(header(deadLetter, "kafka_dlt-exception-cause-fqcn")).isEqualTo("java.io.IOException");
		assertThat(header(deadLetter, "kafka_dlt-exception-message")).isEqualTo("Always fails.");
		assertThat(header(deadLetter, "pipeline-dlt-attempts")).as("the delivery count").isEqualTo("3");
		assertThat(plan.stats().released()).as("released for redelivery").isEqualTo(10);
		assertThat(plan.stats().deadLettered()).isEqualTo(5);
	}

	@Test
	void whenARecordIsReleasedAtEveryFailureThenTheBrokerArchivesItAtItsDeliveryLimit() {
		String topic = "share-limit-" + System.nanoTime();
		String group = topic + "-group";
		kafka.createTopic(topic, 1);
		groups.startFromEarliest(group);
		kafka.produce(topic, 1, (i) -> new String[] { "poison", "v" });
		KafkaShareSourcePlan plan = KafkaShareSources.create("limit", properties(topic, 10), 1,
				kafka.clients(group, Map.of()));
		List<Integer> poison = new java.util.concurrent.CopyOnWriteArrayList<>();
		LongAdder after = new LongAdder();
		Pipeline<byte[]> pipeline = pipeline("limit", plan, (message) -> {
			if ("poison".equals(KafkaSourceIntegrationTests.text((byte[]) message.metadata().get(KafkaMetadata.KEY)))) {
				poison.add((Integer) message.metadata().get(KafkaMetadata.DELIVERY_COUNT));
				return message.failed("Poison.");
			}
			after.increment();
			return message;
		});
		pipeline.start();
		await(Duration.ofSeconds(60)).until(() -> poison.size() >= 5);
		kafka.produce(topic, 20, (i) -> new String[] { "later-" + i, "v" });
		await(Duration.ofSeconds(30)).until(() -> after.sum() == 20);
		pipeline.drain();
		assertThat(poison).as("delivery counts of a record released at every failure").containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void whenAnInstanceIsKilledThenItsAcquiredRecordsReachTheOtherAndNoneIsLost() throws Exception {
		String topic = "share-crash-" + System.nanoTime();
		String group = topic + "-group";
		int records = 4000;
		kafka.createTopic(topic, 1);
		groups.startFromEarliest(group);
		Path handled = Files.createTempFile("share-handled", ".txt");
		AtomicIntegerArray counts = new AtomicIntegerArray(records);
		LongAdder redelivered = new LongAdder();
		KafkaShareSourcePlan plan = plan(group, topic, 1, 50);
		Pipeline<byte[]> survivor = pipeline("survivor", plan, (message) -> {
			LockSupport.parkNanos(2_000_000);
			if ((Integer) message.metadata().get(KafkaMetadata.DELIVERY_COUNT) > 1) {
				redelivered.increment();
			}
			counts.incrementAndGet(((Long) message.metadata().get(KafkaMetadata.OFFSET)).intValue());
			return message;
		});
		Process child = child(topic, group, handled);
		survivor.start();
		// a child JVM starts slowly on a loaded machine, and joins a heartbeat later
		await(Duration.ofSeconds(120)).until(() -> groups.assignedMembers(group) == 2);
		kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
		await(Duration.ofSeconds(60)).until(() -> lines(handled).size() >= 300);
		child.destroyForcibly();
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		int atKill = lines(handled).size();
		await(Duration.ofSeconds(120)).until(() -> distinct(counts, handled, records) == records);
		survivor.drain();
		long distinct = distinct(counts, handled, records);
		System.out.printf("share group kill -9: %d records, %d handled by the killed instance, %d redelivered to "
				+ "the other, lost %d%n", records, atKill, redelivered.sum(), records - distinct);
		assertThat(distinct).as("distinct records handled").isEqualTo(records);
		assertThat(redelivered.sum()).as("records the killed instance held, delivered again").isPositive();
		Files.delete(handled);
	}

	@Test
	void whenAnInstanceDrainsThenTheRecordsItReleasedArePickedUpByTheOther() {
		String topic = "share-drain-" + System.nanoTime();
		String group = topic + "-group";
		int records = 3000;
		kafka.createTopic(topic, 1);
		groups.startFromEarliest(group);
		AtomicIntegerArray counts = new AtomicIntegerArray(records);
		LongAdder handledByA = new LongAdder();
		LongAdder redeliveredToB = new LongAdder();
		KafkaShareSourcePlan planA = plan(group, topic, 1, 100);
		KafkaShareSourcePlan planB = plan(group, topic, 1, 20);
		Pipeline<byte[]> a = pipeline("a", planA, 10, (message) -> {
			LockSupport.parkNanos(5_000_000);
			return count(message, counts, handledByA);
		});
		Pipeline<byte[]> b = pipeline("b", planB, (message) -> {
			LockSupport.parkNanos(1_000_000);
			if ((Integer) message.metadata().get(KafkaMetadata.DELIVERY_COUNT) > 1) {
				redeliveredToB.increment();
			}
			return count(message, counts, new LongAdder());
		});
		a.start();
		b.start();
		await(Duration.ofSeconds(60)).until(() -> groups.assignedMembers(group) == 2);
		kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
		await(Duration.ofSeconds(60)).until(() -> handledByA.sum() >= 100);
		a.drain();
		long releasedByA = planA.stats().released();
		await(Duration.ofSeconds(120)).until(() -> distinct(counts) == records);
		b.drain();
		System.out.printf(
				"share group drain: %d records, instance a handled %d and released %d, redelivered to b %d, "
						+ "lost %d%n",
				records, handledByA.sum(), releasedByA, redeliveredToB.sum(), records - distinct(counts));
		assertThat(releasedByA).as("records released by the drain").isPositive();
		assertThat(redeliveredToB.sum()).as("released records picked up by the other instance")
			.isGreaterThanOrEqualTo(releasedByA);
		assertThat(distinct(counts)).isEqualTo(records);
	}

	@Test
	void whenAHandlerHoldsRecordsLongerThanTheAcquisitionLockThenTheLocksAreRenewedAndNoneIsDeliveredTwice() {
		String topic = "share-renew-" + System.nanoTime();
		String group = topic + "-group";
		int records = 40;
		Duration lock = Duration.ofSeconds(2);
		kafka.createTopic(topic, 1);
		groups.startFromEarliest(group);
		groups.lockDuration(group, lock);
		AtomicIntegerArray counts = new AtomicIntegerArray(records);
		List<Integer> deliveryCounts = new java.util.concurrent.CopyOnWriteArrayList<>();
		MessageHandler<byte[]> handler = (message) -> {
			long offset = (Long) message.metadata().get(KafkaMetadata.OFFSET);
			deliveryCounts.add((Integer) message.metadata().get(KafkaMetadata.DELIVERY_COUNT));
			if (offset % 10 == 0) {
				// slower than two and a half acquisition locks
				LockSupport.parkNanos(lock.multipliedBy(5).dividedBy(2).toNanos());
			}
			counts.incrementAndGet((int) offset);
			return message;
		};
		KafkaShareSourcePlan planA = plan(group, topic, 1, 10);
		KafkaShareSourcePlan planB = plan(group, topic, 1, 10);
		Pipeline<byte[]> a = pipeline("a", planA, 5, handler);
		Pipeline<byte[]> b = pipeline("b", planB, 5, handler);
		a.start();
		b.start();
		await(Duration.ofSeconds(60)).until(() -> groups.assignedMembers(group) == 2);
		kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
		await(Duration.ofSeconds(120)).until(() -> planA.stats().accepted() + planB.stats().accepted() >= records);
		a.drain();
		b.drain();
		long renewed = planA.stats().renewed() + planB.stats().renewed();
		long twice = 0;
		for (int i = 0; i < records; i++) {
			twice += Math.max(0, counts.get(i) - 1);
		}
		System.out.printf("share group lock renewal: %d records, lock %d ms, renewals %d, handled twice %d, %s / %s%n",
				records, lock.toMillis(), renewed, twice, planA.stats(), planB.stats());
		assertThat(distinct(counts)).as("distinct records handled").isEqualTo(records);
		assertThat(twice).as("records handled twice").isZero();
		assertThat(deliveryCounts).as("delivery counts").containsOnly(1);
		assertThat(renewed).as("lock renewals").isPositive();
		assertThat(planA.stats().refused() + planB.stats().refused()).as("refused acknowledgements").isZero();
		assertThat(planA.stats().accepted() + planB.stats().accepted()).as("accepted").isEqualTo(records);
	}

	private static KafkaShareSourceProperties properties(String topic, int maxPollRecords) {
		KafkaShareSourceProperties properties = new KafkaShareSourceProperties();
		properties.setTopics(List.of(topic));
		properties.setMaxPollRecords(maxPollRecords);
		return properties;
	}

	private static KafkaShareSourcePlan plan(String group, String topic, int concurrency, int maxPollRecords) {
		return KafkaShareSources.create("share", properties(topic, maxPollRecords), concurrency,
				kafka.clients(group, Map.of()));
	}

	private static Pipeline<byte[]> pipeline(String name, KafkaShareSourcePlan plan, MessageHandler<byte[]> handler) {
		return pipeline(name, plan, 50, handler);
	}

	private static Pipeline<byte[]> pipeline(String name, KafkaShareSourcePlan plan, int maxDemand,
			MessageHandler<byte[]> handler) {
		return Pipeline.create(
				plan.applyTo(Pipeline.<byte[]>builder(name).processors((p) -> p.concurrency(2).maxDemand(maxDemand)))
					.onMessage(handler)
					.build());
	}

	private static Message<byte[]> count(Message<byte[]> message, AtomicIntegerArray counts, LongAdder handled) {
		counts.incrementAndGet(((Long) message.metadata().get(KafkaMetadata.OFFSET)).intValue());
		handled.increment();
		return message;
	}

	private static long distinct(AtomicIntegerArray counts) {
		long distinct = 0;
		for (int i = 0; i < counts.length(); i++) {
			distinct += (counts.get(i) > 0) ? 1 : 0;
		}
		return distinct;
	}

	private static long distinct(AtomicIntegerArray counts, Path file, int records) throws IOException {
		boolean[] seen = new boolean[records];
		for (String line : lines(file)) {
			if (!line.isBlank()) {
				seen[Integer.parseInt(line.trim())] = true;
			}
		}
		long distinct = 0;
		for (int i = 0; i < records; i++) {
			distinct += (seen[i] || counts.get(i) > 0) ? 1 : 0;
		}
		return distinct;
	}

	private static Process child(String topic, String group, Path out) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				ShareChildPipeline.class.getName(), broker.bootstrap(), topic, group, out.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "share-child.log").toFile()))
			.start();
	}

	private static List<String> lines(Path file) throws IOException {
		return Files.readAllLines(file, StandardCharsets.UTF_8);
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
