package dev.pipeline.rabbitmq;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static dev.pipeline.rabbitmq.TestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RabbitMQ source against the local broker: flow, back-pressure, failures and
 * graceful shutdown, counting what was sent, handled, acknowledged, lost and duplicated.
 */
class RabbitSourceIntegrationTests {

	private final CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();

	private final RabbitPipelines pipelines = new RabbitPipelines();

	private TestBroker broker;

	private String queue;

	private Pipeline<byte[]> pipeline;

	@BeforeEach
	void connect() throws Exception {
		this.broker = new TestBroker();
		this.queue = TestBroker.uniqueName("source");
	}

	@AfterEach
	void cleanUp() throws Exception {
		if (this.pipeline != null) {
			this.pipeline.drain(Duration.ofSeconds(10));
		}
		this.broker.delete(this.queue);
		this.broker.close();
		this.connectionFactory.destroy();
	}

	@Nested
	class Flow {

		@Test
		void whenOneHundredThousandMessagesGoThroughABatcherThenAllAreAcknowledgedOnce() throws Exception {
			int sent = 100_000;
			Ledger ledger = new Ledger(sent);
			AtomicLong redelivered = new AtomicLong();
			RabbitSourceIntegrationTests.this.broker.declareQueue(RabbitSourceIntegrationTests.this.queue, false);
			RabbitSourceIntegrationTests.this.broker.publish(RabbitSourceIntegrationTests.this.queue, sent, false,
					true);
			RabbitSourceIntegrationTests.this.pipeline = RabbitSourceIntegrationTests.this.pipelines.create(
					RabbitSourceIntegrationTests.this.connectionFactory,
					RabbitPipelines.properties(RabbitSourceIntegrationTests.this.queue), "flow",
					(spec) -> spec.processors((p) -> p.concurrency(2).maxDemand(50))
						.onMessage((message) -> message)
						.batcher("default",
								(b) -> b.batchSize(100)
									.batchTimeout(Duration.ofMillis(200))
									.concurrency(2)
									.handler((batch, info) -> {
										for (Message<byte[]> message : batch) {
											ledger.record(TestBroker.id(message.data()));
											if ((Boolean) message.metadata().get(RabbitMetadata.REDELIVERED)) {
												redelivered.incrementAndGet();
											}
										}
										return batch;
									})));
			long start = System.nanoTime();
			RabbitSourceIntegrationTests.this.pipeline.start();
			await().until(() -> RabbitSourceIntegrationTests.this.pipelines.stats().acknowledged() == sent);
			long took = System.nanoTime() - start;
			RabbitSourceIntegrationTests.this.pipeline.drain();
			RabbitSourceStats stats = RabbitSourceIntegrationTests.this.pipelines.stats();
			long ready = RabbitSourceIntegrationTests.this.broker.ready(RabbitSourceIntegrationTests.this.queue);
			System.out.println(ledger.report("flow") + " acked=" + stats.acknowledged() + " ackFrames="
					+ stats.acknowledgementFrames() + " redelivered=" + redelivered + " readyAfter=" + ready
					+ " prefetch=" + RabbitSourceIntegrationTests.this.pipelines.prefetch() + " rate="
					+ (sent * 1_000_000_000L / took) + " msg/s");
			assertThat(ledger.lost()).isZero();
			assertThat(ledger.duplicated()).isZero();
			assertThat(redelivered).hasValue(0);
			assertThat(stats.acknowledged()).isEqualTo(sent);
			assertThat(stats.dropped()).isZero();
			// Grouped: one frame per message without multiple-acks, about one per 4 when
			// tags settled above an unsettled one were sent alone; about one per 60 here.
			assertThat(stats.acknowledgementFrames()).isLessThan(sent / 8);
			assertThat(ready).isZero();
		}

	}

	@Nested
	class Linger {

		@Test
		void whenBurstsArriveAndNothingFollowsThemThenEveryMessageIsHandledWithNoThreadOfTheSourceForTheLinger()
				throws Exception {
			String queue = RabbitSourceIntegrationTests.this.queue;
			TestBroker broker = RabbitSourceIntegrationTests.this.broker;
			broker.declareQueue(queue, false);
			RabbitSourceProperties properties = RabbitPipelines.properties(queue);
			properties.setLinger(Duration.ofMillis(200));
			AtomicReference<Ledger> ledger = new AtomicReference<>();
			RabbitSourceIntegrationTests.this.pipeline = RabbitSourceIntegrationTests.this.pipelines.create(
					RabbitSourceIntegrationTests.this.connectionFactory, properties, "linger",
					(spec) -> spec.processors((p) -> p.concurrency(2)).onMessage((message) -> {
						ledger.get().record(TestBroker.id(message.data()));
						return message;
					}));
			RabbitSourceIntegrationTests.this.pipeline.start();
			int bursts = 20;
			int size = 5;
			for (int burst = 0; burst < bursts; burst++) {
				Ledger current = new Ledger(size);
				ledger.set(current);
				broker.publish(queue, size, false, false);
				// No delivery follows the burst: an idle processor has to come back for
				// it
				await().until(() -> current.lost() == 0);
				assertThat(current.duplicated()).isZero();
			}
			long total = (long) bursts * size;
			await().until(() -> RabbitSourceIntegrationTests.this.pipelines.stats().acknowledged() == total);
			assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().endsWith("-linger"));
			RabbitSourceIntegrationTests.this.pipeline.drain();
			assertThat(RabbitSourceIntegrationTests.this.pipelines.stats().acknowledged()).isEqualTo(total);
			assertThat(broker.ready(queue)).isZero();
		}

	}

	@Nested
	class BackPressure {

		@Test
		void whenTheHandlerIsSlowerThanTheBacklogThenUnackedStaysWithinThePrefetchAndHeapStaysFlat() throws Exception {
			int sent = 200_000;
			String queue = RabbitSourceIntegrationTests.this.queue;
			TestBroker broker = RabbitSourceIntegrationTests.this.broker;
			broker.declareQueue(queue, false);
			broker.publish(queue, sent, false, false);
			await().until(() -> broker.ready(queue) == sent);
			Semaphore permits = new Semaphore(0);
			AtomicLong handled = new AtomicLong();
			RabbitPipelines pipelines = RabbitSourceIntegrationTests.this.pipelines;
			RabbitSourceIntegrationTests.this.pipeline = pipelines.create(
					RabbitSourceIntegrationTests.this.connectionFactory, RabbitPipelines.properties(queue), "slow",
					(spec) -> spec.processors((p) -> p.concurrency(2).maxDemand(10)).onMessage((message) -> {
						permits.acquire();
						handled.incrementAndGet();
						return message;
					})
						.batcher("default",
								(b) -> b.batchSize(50)
									.batchTimeout(Duration.ofMillis(50))
									.concurrency(1)
									.handler((batch, info) -> batch)));
			int bound = pipelines.prefetch();
			AtomicLong maxUnacked = new AtomicLong();
			AtomicLong maxListed = new AtomicLong();
			ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
			TestBroker sampling = new TestBroker();
			try {
				RabbitSourceIntegrationTests.this.pipeline.start();
				sampler.scheduleWithFixedDelay(() -> {
					try {
						long ready = sampling.ready(queue);
						long unacked = sent - ready - pipelines.stats().settled();
						maxUnacked.accumulateAndGet(unacked, Math::max);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}, 0, 2, TimeUnit.MILLISECONDS);
				sampler.scheduleWithFixedDelay(() -> {
					try {
						maxListed.accumulateAndGet(TestBroker.listQueue(queue)[1], Math::max);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}, 0, 1, TimeUnit.MILLISECONDS);
				long[] heap = new long[6];
				for (int step = 0; step < heap.length; step++) {
					long target = (step + 1) * 2_000L;
					permits.release(2_000);
					await().until(() -> handled.get() == target);
					await().until(() -> sent - broker.ready(queue) - pipelines.stats().settled() == bound);
					heap[step] = usedHeapAfterGc();
				}
				long[] listed = TestBroker.listQueue(queue);
				System.out.println("[rabbitmq-it] back-pressure: sent=" + sent + " handled=" + handled + " bound="
						+ bound + " maxUnackedSampled=" + maxUnacked + " maxUnackedRabbitmqctl=" + maxListed
						+ " stalledRabbitmqctl(ready,unacked)=" + listed[0] + "," + listed[1] + " heapMiB="
						+ Arrays.toString(Arrays.stream(heap).map((h) -> h >> 20).toArray()));
				assertThat(listed[1]).isEqualTo(bound);
				assertThat(maxUnacked.get()).isLessThanOrEqualTo(bound);
				assertThat(maxListed.get()).isLessThanOrEqualTo(bound);
				long min = Arrays.stream(heap).min().getAsLong();
				long max = Arrays.stream(heap).max().getAsLong();
				assertThat(max - min).isLessThan(32L << 20);
			}
			finally {
				sampler.shutdownNow();
				sampling.close();
				permits.release(Integer.MAX_VALUE / 2);
			}
		}

		private static long usedHeapAfterGc() {
			System.gc();
			return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		}

	}

}
