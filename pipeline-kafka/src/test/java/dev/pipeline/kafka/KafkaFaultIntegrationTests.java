package dev.pipeline.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Pipeline;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.pipeline.kafka.KafkaSourceIntegrationTests.await;
import static dev.pipeline.kafka.KafkaSourceIntegrationTests.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults against a broker running as its own process ({@code scripts/kafka-broker.sh}): a
 * consumer JVM killed with SIGKILL, and the broker stopped and started mid-stream.
 */
class KafkaFaultIntegrationTests {

	@Nested
	class ConsumerCrash {

		@Test
		void whenTheConsumerJvmIsKilledMidStreamThenTheNextOneLosesNothingAndRepeatsAtMostTheDocumentedBound()
				throws Exception {
			try (StandaloneKafka broker = StandaloneKafka.shared()) {
				KafkaTestCluster kafka = new KafkaTestCluster(broker.bootstrap());
				String topic = "crash-" + System.nanoTime();
				String group = topic + "-group";
				int partitions = 3;
				int records = 40_000;
				int kills = 4;
				kafka.createTopic(topic, partitions);
				kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
				Path handled = Files.createTempFile("handled", ".txt");
				int[] atKill = new int[kills];
				for (int kill = 0; kill < kills; kill++) {
					int target = (kill + 1) * records / (kills + 2);
					Process child = child(broker.bootstrap(), topic, group, handled);
					await(Duration.ofSeconds(60)).until(() -> lines(handled).size() >= target);
					child.destroyForcibly();
					assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
					atKill[kill] = lines(handled).size();
				}
				Process last = child(broker.bootstrap(), topic, group, handled);
				await(Duration.ofSeconds(120)).until(() -> kafka.lag(group, topic) == 0);
				last.destroy();
				assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
				List<String> all = lines(handled);
				RecordLedger ledger = new RecordLedger(partitions, records);
				for (String line : all) {
					String[] parts = line.split(" ");
					if (parts.length == 2) {
						ledger.handled(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
					}
				}
				long bound = 2L * ChildPipeline.COMMIT_COUNT + ChildPipeline.inPipeline(partitions);
				int[] repeated = new int[kills];
				for (int kill = 0; kill < kills; kill++) {
					int next = (kill + 1 < kills) ? atKill[kill + 1] : all.size();
					repeated[kill] = repeatedAfter(all, atKill[kill], next);
				}
				System.out.printf(
						"kill -9 x%d: %d records, handled in all %d, lost %d, repeated per kill %s (bound %d)%n", kills,
						records, ledger.handled(), records - ledger.distinct(), Arrays.toString(repeated), bound);
				assertThat(ledger.distinct()).as("distinct records handled").isEqualTo(records);
				assertThat(Arrays.stream(repeated).max().orElse(0)).as("most records repeated after a kill")
					.isLessThanOrEqualTo((int) bound);
				Files.delete(handled);
			}
		}

		/**
		 * Counts the records handled by the consumer started after a kill that had been
		 * handled before it.
		 */
		private static int repeatedAfter(List<String> all, int killedAt, int nextKilledAt) {
			Set<String> before = new HashSet<>(all.subList(0, killedAt));
			int repeated = 0;
			for (String line : all.subList(killedAt, nextKilledAt)) {
				if (before.contains(line)) {
					repeated++;
				}
			}
			return repeated;
		}

		private static Process child(String bootstrap, String topic, String group, Path out) throws IOException {
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
					ChildPipeline.class.getName(), bootstrap, topic, group, out.toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}

		private static List<String> lines(Path file) throws IOException {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}

	}

	@Nested
	class BrokerRestart {

		@Test
		void whenTheBrokerStopsAndStartsMidStreamThenThePipelineRecoversByItselfAndLosesNothing() {
			try (StandaloneKafka broker = StandaloneKafka.own("restart")) {
				KafkaTestCluster kafka = new KafkaTestCluster(broker.bootstrap());
				String topic = "restart";
				int partitions = 3;
				int records = 6000;
				kafka.createTopic(topic, partitions);
				kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
				RecordLedger ledger = new RecordLedger(partitions, records);
				KafkaSourcePlan plan = KafkaSources.create("restart", properties(topic, KafkaOrdering.PARTITION), 1,
						kafka.clients("restart-group", Map.of()));
				Pipeline<byte[]> pipeline = Pipeline.create(plan
					.applyTo(Pipeline.<byte[]>builder("restart").processors((p) -> p.concurrency(2).maxDemand(20)))
					.onMessage((message) -> {
						LockSupport.parkNanos(500_000);
						ledger.handled(message);
						return message;
					})
					.build());
				pipeline.start();
				await(Duration.ofSeconds(60)).until(() -> ledger.handled() >= records / 4);
				broker.stopKeepingData();
				long atStop = ledger.handled();
				AtomicBoolean sawDisconnected = new AtomicBoolean();
				await(Duration.ofSeconds(30)).until(() -> {
					if (!pipeline.isConnected()) {
						sawDisconnected.set(true);
					}
					return sawDisconnected.get() || ledger.handled() >= records;
				});
				broker.restart();
				await(Duration.ofSeconds(120)).until(() -> kafka.lag("restart-group", topic) == 0);
				boolean connectedAgain = pipeline.isConnected();
				pipeline.drain();
				System.out.printf(
						"broker restart: %d records, %d handled when the broker stopped, reported "
								+ "disconnected %s, connected again %s, lost %d, duplicates %d%n",
						records, atStop, sawDisconnected.get(), connectedAgain, records - ledger.distinct(),
						ledger.duplicates());
				assertThat(ledger.distinct()).as("distinct records handled").isEqualTo(records);
				assertThat(sawDisconnected).as("source reported the broker down").isTrue();
			}
		}

	}

}
