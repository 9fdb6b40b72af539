package dev.pipeline.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
		void whenTheConsumerJvmIsKilledMidStreamThenTheNextOneLosesNothingAndRepeatsAtMostWhatWasInFlight()
				throws Exception {
			try (StandaloneKafka broker = StandaloneKafka.shared()) {
				KafkaTestCluster kafka = new KafkaTestCluster(broker.bootstrap());
				String topic = "crash-" + System.nanoTime();
				String group = topic + "-group";
				int partitions = 3;
				int records = 9000;
				kafka.createTopic(topic, partitions);
				kafka.produce(topic, records, (i) -> new String[] { "k" + i, "v" + i });
				Path handled = Files.createTempFile("handled", ".txt");
				Process first = child(broker.bootstrap(), topic, group, handled);
				await(Duration.ofSeconds(60)).until(() -> lines(handled).size() >= records / 3);
				first.destroyForcibly();
				assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
				int atKill = lines(handled).size();
				Process second = child(broker.bootstrap(), topic, group, handled);
				await(Duration.ofSeconds(120)).until(() -> kafka.lag(group, topic) == 0);
				second.destroy();
				assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
				RecordLedger ledger = new RecordLedger(partitions, records);
				for (String line : lines(handled)) {
					String[] parts = line.split(" ");
					if (parts.length == 2) {
						ledger.handled(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
					}
				}
				long bound = 2L * ChildPipeline.COMMIT_COUNT + ChildPipeline.IN_PIPELINE;
				System.out.printf(
						"kill -9: %d records, %d handled before the kill, %d handled in all, lost %d, "
								+ "duplicates %d (bound %d)%n",
						records, atKill, ledger.handled(), records - ledger.distinct(), ledger.duplicates(), bound);
				assertThat(ledger.distinct()).as("distinct records handled").isEqualTo(records);
				assertThat(ledger.duplicates()).as("duplicates").isLessThanOrEqualTo(bound);
				Files.delete(handled);
			}
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
