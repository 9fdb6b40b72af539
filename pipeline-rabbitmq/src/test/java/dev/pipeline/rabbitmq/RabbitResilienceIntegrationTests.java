package dev.pipeline.rabbitmq;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static dev.pipeline.rabbitmq.TestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutdown, broker restart, a deleted queue and a crashed JVM, against the local broker:
 * nothing lost, duplicates only within what was in flight, none on a clean shutdown. Each
 * runs with the consumer callbacks on the client's reader thread and on its dispatch
 * thread.
 */
@ParameterizedClass(name = "reader thread: {0}")
@ValueSource(booleans = { true, false })
class RabbitResilienceIntegrationTests {

	@Parameter
	boolean readerThread;

	private CachingConnectionFactory connectionFactory;

	private TestBroker broker;

	private String queue;

	@BeforeEach
	void connect() throws Exception {
		this.connectionFactory = TestBroker.connectionFactory(this.readerThread);
		this.broker = new TestBroker();
		this.queue = TestBroker.uniqueName("resilience");
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.broker.delete(this.queue);
		this.broker.close();
		this.connectionFactory.destroy();
	}

	private Pipeline<byte[]> pipeline(RabbitPipelines pipelines, Ledger ledger, Semaphore permits) {
		return pipelines.create(this.connectionFactory, RabbitPipelines.properties(this.queue), "resilience",
				(spec) -> spec.processors((p) -> p.concurrency(2).maxDemand(50)).onMessage((message) -> {
					permits.acquire();
					return message;
				})
					.batcher("default",
							(b) -> b.batchSize(100)
								.batchTimeout(Duration.ofMillis(500))
								.concurrency(2)
								.handler((batch, info) -> {
									batch.forEach((message) -> ledger.record(TestBroker.id(message.data())));
									return batch;
								})));
	}

	@Nested
	class GracefulShutdown {

		@Test
		void whenDrainedMidStreamThenNothingIsLostOrDuplicated() throws Exception {
			int sent = 30_000;
			TestBroker broker = RabbitResilienceIntegrationTests.this.broker;
			String queue = RabbitResilienceIntegrationTests.this.queue;
			broker.declareQueue(queue, false);
			broker.publish(queue, sent, false, true);
			Ledger ledger = new Ledger(sent);
			Semaphore unlimited = new Semaphore(Integer.MAX_VALUE);
			RabbitPipelines first = new RabbitPipelines();
			Pipeline<byte[]> pipeline = pipeline(first, ledger, unlimited);
			pipeline.start();
			await().until(() -> ledger.distinct() >= 10_000);
			DrainResult drained = pipeline.drain();
			long handledBeforeRestart = ledger.distinct();
			await().until(() -> broker.ready(queue) == sent - handledBeforeRestart);
			RabbitSourceStats firstStats = first.stats();
			RabbitPipelines second = new RabbitPipelines();
			Pipeline<byte[]> next = pipeline(second, ledger, unlimited);
			next.start();
			await().until(() -> ledger.distinct() == sent);
			next.drain();
			await().until(() -> broker.ready(queue) == 0);
			System.out.println(ledger.report("graceful-shutdown") + " drained=" + drained + " handledByFirst="
					+ handledBeforeRestart + " ackedByFirst=" + firstStats.acknowledged() + " givenBackUnhandled="
					+ firstStats.requeued() + " ackedBySecond=" + second.stats().acknowledged());
			assertThat(drained.completed()).isTrue();
			assertThat(firstStats.acknowledged()).isEqualTo(handledBeforeRestart);
			assertThat(firstStats.dropped()).isZero();
			assertThat(ledger.lost()).isZero();
			assertThat(ledger.duplicated()).isZero();
		}

	}

	@Nested
	class BrokerRestart {

		@Test
		void whenTheBrokerRestartsMidStreamThenThePipelineRecoversAndNothingIsLost() throws Exception {
			int sent = 20_000;
			String queue = RabbitResilienceIntegrationTests.this.queue;
			RabbitResilienceIntegrationTests.this.broker.declareQueue(queue, true);
			RabbitResilienceIntegrationTests.this.broker.publish(queue, sent, true, true);
			Ledger ledger = new Ledger(sent);
			Semaphore permits = new Semaphore(0);
			RabbitPipelines pipelines = new RabbitPipelines();
			Pipeline<byte[]> pipeline = pipeline(pipelines, ledger, permits);
			AtomicLong wentDown = new AtomicLong();
			try {
				pipeline.start();
				permits.release(5_000);
				await().until(() -> ledger.distinct() >= 4_000);
				boolean stopped = false;
				try {
					TestBroker.rabbitmqctl("stop_app");
					stopped = true;
					await().until(() -> !pipeline.isConnected());
					wentDown.set(ledger.distinct());
					permits.release(2_000);
				}
				finally {
					if (stopped) {
						TestBroker.rabbitmqctl("start_app");
						TestBroker.rabbitmqctl("await_startup");
					}
				}
				RabbitResilienceIntegrationTests.this.broker = new TestBroker();
				permits.release(Integer.MAX_VALUE / 2);
				await().until(pipeline::isConnected);
				await().until(() -> ledger.distinct() == sent);
			}
			finally {
				permits.release(Integer.MAX_VALUE / 2);
				pipeline.drain(Duration.ofSeconds(10));
			}
			TestBroker broker = RabbitResilienceIntegrationTests.this.broker;
			await().until(() -> broker.ready(queue) == 0);
			RabbitSourceStats stats = pipelines.stats();
			System.out.println(ledger.report("broker-restart") + " handledWhenDown=" + wentDown + " acked="
					+ stats.acknowledged() + " droppedAcks=" + stats.dropped() + " connections=" + stats.connections()
					+ " prefetch=" + pipelines.prefetch());
			assertThat(ledger.lost()).isZero();
			assertThat(stats.acknowledged()).isGreaterThanOrEqualTo(sent);
			assertThat(stats.connections()).isGreaterThanOrEqualTo(2);
			assertThat(ledger.duplicated()).isLessThanOrEqualTo(pipelines.prefetch());
		}

	}

	@Nested
	class DeletedQueue {

		@Test
		void whenTheQueueIsDeletedThenTheConnectionIsNotHeldUpAndConsumingResumesOnceItIsBack() throws Exception {
			int sent = 2_000;
			String queue = RabbitResilienceIntegrationTests.this.queue;
			TestBroker broker = RabbitResilienceIntegrationTests.this.broker;
			broker.declareQueue(queue, false);
			broker.publish(queue, sent / 2, false, true);
			Ledger ledger = new Ledger(sent);
			RabbitPipelines pipelines = new RabbitPipelines();
			Pipeline<byte[]> pipeline = pipeline(pipelines, ledger, new Semaphore(Integer.MAX_VALUE));
			try {
				pipeline.start();
				await().until(() -> ledger.distinct() == sent / 2);
				await().until(() -> pipelines.stats().acknowledged() == sent / 2);
				broker.delete(queue);
				await().until(() -> !pipeline.isConnected());
				broker.declareQueue(queue, false);
				broker.publish(queue, sent / 2, sent / 2, false, true);
				// The client waits 10 s for a channel's close-ok: a close on the thread
				// that
				// reads it would hold up the whole connection that long
				await().atMost(Duration.ofSeconds(5)).until(() -> ledger.distinct() == sent);
			}
			finally {
				pipeline.drain(Duration.ofSeconds(10));
			}
			RabbitSourceStats stats = pipelines.stats();
			System.out.println(ledger.report("deleted-queue") + " acked=" + stats.acknowledged() + " connections="
					+ stats.connections());
			assertThat(ledger.lost()).isZero();
			assertThat(ledger.duplicated()).isZero();
			assertThat(stats.acknowledged()).isEqualTo(sent);
			assertThat(stats.connections()).isGreaterThanOrEqualTo(2);
		}

	}

	@Nested
	class Crash {

		@Test
		void whenTheConsumingJvmIsKilledThenANewOneLosesNothingAndDuplicatesStayWithinThePrefetch() throws Exception {
			int sent = 60_000;
			TestBroker broker = RabbitResilienceIntegrationTests.this.broker;
			String queue = RabbitResilienceIntegrationTests.this.queue;
			broker.declareQueue(queue, false);
			broker.publish(queue, sent, false, true);
			Path handled = Files.createTempFile("pipeline-crash-", ".ids");
			Path output = Files.createTempFile("pipeline-crash-", ".log");
			try {
				Process first = consumer(queue, handled, output);
				await().until(() -> Files.size(handled) >= 15_000L * Long.BYTES);
				first.destroyForcibly();
				assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
				Ledger atKill = read(handled, sent);
				Process second = consumer(queue, handled, output);
				await().until(() -> read(handled, sent).distinct() == sent);
				second.destroy();
				assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
				await().until(() -> broker.ready(queue) == 0);
				Ledger ledger = read(handled, sent);
				int bound = prefetch(output);
				System.out.println(ledger.report("kill-9") + " handledBeforeKill=" + atKill.distinct()
						+ " inFlightBound=" + bound + " firstExit=" + first.exitValue());
				assertThat(first.exitValue()).isEqualTo(137);
				assertThat(ledger.lost()).isZero();
				assertThat(ledger.duplicated()).isLessThanOrEqualTo(bound);
			}
			finally {
				Files.deleteIfExists(handled);
				Files.deleteIfExists(output);
			}
		}

		private Process consumer(String queue, Path handled, Path output) throws Exception {
			String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
			return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
					RabbitConsumerMain.class.getName(), queue, handled.toString(),
					String.valueOf(RabbitResilienceIntegrationTests.this.readerThread))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
				.start();
		}

		/** The child's prefetch, one channel: what it can have in flight. */
		private int prefetch(Path output) throws Exception {
			Matcher started = Pattern.compile("started, prefetch (\\d+)").matcher(Files.readString(output));
			assertThat(started.find()).as("child output: %s", output).isTrue();
			return Integer.parseInt(started.group(1));
		}

		private Ledger read(Path handled, int sent) throws Exception {
			ByteBuffer ids = ByteBuffer.wrap(Files.readAllBytes(handled));
			Ledger ledger = new Ledger(sent);
			while (ids.remaining() >= Long.BYTES) {
				ledger.record((int) ids.getLong());
			}
			return ledger;
		}

	}

}
