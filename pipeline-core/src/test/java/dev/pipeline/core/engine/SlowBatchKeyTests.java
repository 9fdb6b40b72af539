package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.StageStats;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.testing.AckResult;
import dev.pipeline.core.testing.PipelineTester;
import dev.pipeline.core.testing.TestAck;
import dev.pipeline.core.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No head-of-line blocking across batch keys: while the batch handler is stuck on one
 * key's batch, batches of a key on another batch worker are still emitted and handled on
 * time, and the stuck key's batches, its timed-out one included, wait for their own
 * worker and are all handled, in order, once it returns. That holds on a virtual clock
 * too, where a timeout passes only when the test moves the clock.
 */
class SlowBatchKeyTests {

	/** Batch key A; an integer key picks worker {@code key % concurrency}: worker 0. */
	private static final int KEY_A = 0;

	/** Batch key B: worker 1. */
	private static final int KEY_B = 1;

	private static final int BATCH_SIZE = 5;

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	private final InMemorySource<Integer> source = new InMemorySource<>();

	private final PipelineTester<Integer> tester = PipelineTester.of(this.source);

	private final List<Handled> handled = new CopyOnWriteArrayList<>();

	private final CountDownLatch aEntered = new CountDownLatch(1);

	private final CountDownLatch neverReleased = new CountDownLatch(1);

	private Pipeline<Integer> pipeline;

	record Handled(BatchInfo info, List<Integer> data, String thread, long startNanos, long endNanos) {
	}

	@AfterEach
	void drain() {
		if (this.pipeline != null) {
			this.pipeline.drain();
		}
	}

	@Test
	void whenOneKeysBatchHandlerBlocksThenBatchesOfAKeyOnAnotherWorkerStillArriveWithinTheirTimeout()
			throws InterruptedException {
		this.pipeline = Pipeline.create(Pipeline.<Integer>builder("slow-key")
			.source(this.source)
			.processors((p) -> p.concurrency(1).maxDemand(10))
			.onMessage((m) -> m.withBatchKey((m.data() < 100) ? KEY_A : KEY_B))
			.batcher("default",
					(b) -> b.batchSize(BATCH_SIZE).batchTimeout(TIMEOUT).concurrency(2).handler((batch, info) -> {
						long start = System.nanoTime();
						if (Integer.valueOf(KEY_A).equals(info.batchKey()) && this.aEntered.getCount() > 0) {
							this.aEntered.countDown();
							this.neverReleased.await(2, TimeUnit.SECONDS);
						}
						this.handled.add(new Handled(info, batch.stream().map((m) -> m.data()).toList(),
								Thread.currentThread().getName(), start, System.nanoTime()));
						return batch;
					}))
			.build());
		this.pipeline.start();
		// Key A: two full batches and a partial one that times out while the first blocks
		TestAck<Integer> ackA = this.tester.sendBatch(IntStream.range(0, 13).boxed().toList());
		assertThat(this.aEntered.await(10, TimeUnit.SECONDS)).isTrue();
		long sentB = System.nanoTime();
		TestAck<Integer> ackB = this.tester.sendBatch(List.of(100, 101, 102));

		AckResult<Integer> resultB = ackB.await(Duration.ofSeconds(5));
		long ackedB = System.nanoTime();
		assertThat(resultB.succeededData()).containsExactly(100, 101, 102);
		assertThat(Duration.ofNanos(ackedB - sentB)).as("time from sending B to its acknowledgement")
			.isLessThan(TIMEOUT.plusMillis(700));
		Handled b = this.handled.get(0);
		assertThat(b.info().batchKey()).isEqualTo(KEY_B);
		assertThat(b.info().trigger()).isEqualTo(BatchTrigger.TIMEOUT);
		assertThat(this.handled).as("A's handler is still blocked").hasSize(1);

		AckResult<Integer> resultA = ackA.await(Duration.ofSeconds(10));
		assertThat(resultA.succeededData())
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 13).boxed().toList());
		assertThat(resultA.failed()).isEmpty();
		List<Handled> a = this.handled.subList(1, this.handled.size());
		assertThat(a).extracting(Handled::data)
			.containsExactly(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8, 9), List.of(10, 11, 12));
		assertThat(a).extracting((h) -> h.info().trigger())
			.containsExactly(BatchTrigger.SIZE, BatchTrigger.SIZE, BatchTrigger.TIMEOUT);
		assertThat(a).extracting(Handled::thread).containsOnly(a.get(0).thread()).doesNotContain(b.thread());
		assertThat(Duration.ofNanos(a.get(0).endNanos() - a.get(0).startNanos())).as("A's blocked handler")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void whenTheBatcherHoldsABlockedWorkersBatchesThenAnotherKeysBatchStillTimesOutOnAVirtualClock()
			throws InterruptedException {
		VirtualClock clock = new VirtualClock();
		this.pipeline = Pipeline.create(Pipeline.<Integer>builder("slow-key-virtual")
			.source(this.source)
			.clock(clock)
			.processors((p) -> p.concurrency(1).maxDemand(10))
			.onMessage((m) -> m.withBatchKey((m.data() < 100) ? KEY_A : KEY_B))
			.batcher("default",
					(b) -> b.batchSize(BATCH_SIZE).batchTimeout(TIMEOUT).concurrency(2).handler((batch, info) -> {
						if (Integer.valueOf(KEY_A).equals(info.batchKey()) && this.aEntered.getCount() > 0) {
							this.aEntered.countDown();
							this.neverReleased.await(10, TimeUnit.SECONDS);
						}
						this.handled.add(new Handled(info, batch.stream().map((m) -> m.data()).toList(),
								Thread.currentThread().getName(), 0, 0));
						return batch;
					}))
			.build());
		this.pipeline.start();
		// B opens a batch first; then six full batches of A: one in the blocked handler,
		// the rest in its worker's queue or held by the batcher, which then takes no more
		// input: the messages of A it has not taken wait in its inbox
		TestAck<Integer> ackB = this.tester.sendBatch(List.of(100));
		awaitBatcherIn(1);
		int aCount = 6 * BATCH_SIZE;
		TestAck<Integer> ackA = this.tester.sendBatch(IntStream.range(0, aCount).boxed().toList());
		assertThat(this.aEntered.await(10, TimeUnit.SECONDS)).isTrue();
		awaitBatcherHoldsABatchOf(1 + aCount);
		assertThat(this.handled).as("handled before the timeout").isEmpty();

		clock.advance(TIMEOUT);

		AckResult<Integer> resultB = ackB.await(Duration.ofSeconds(5));
		assertThat(resultB.succeededData()).containsExactly(100);
		assertThat(this.handled).extracting((h) -> h.info().trigger()).containsExactly(BatchTrigger.TIMEOUT);
		this.neverReleased.countDown();
		AckResult<Integer> resultA = ackA.await(Duration.ofSeconds(10));
		assertThat(resultA.succeededData())
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, aCount).boxed().toList());
		assertThat(resultA.failed()).isEmpty();
	}

	private void awaitBatcherIn(long messages) {
		await().until(() -> batcher().in() == messages);
	}

	/**
	 * Waits until every message has reached the batcher (taken, or waiting in its inbox)
	 * and the batcher holds at least one emitted batch its worker's queue refused.
	 */
	private void awaitBatcherHoldsABatchOf(long messages) {
		await().until(() -> {
			StageStats batcher = batcher();
			return batcher.in() + batcher.queued() == messages && batcher.inFlight() >= BATCH_SIZE;
		});
	}

	private StageStats batcher() {
		return this.pipeline.stats()
			.stages()
			.stream()
			.filter((stage) -> stage.kind() == StageStats.Kind.BATCHER)
			.findFirst()
			.orElseThrow();
	}

}
