package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.StageStats;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the messages in flight are: each stage counts what it took and has not passed on,
 * each batcher what its open batches hold, and together with what waits in inboxes they
 * add up to the pipeline's total.
 */
class InFlightFiguresTests {

	private final InMemorySource<Object> source = new InMemorySource<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private Pipeline<Object> pipeline;

	private static void hold(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@AfterEach
	void drain() {
		this.release.countDown();
		if (this.pipeline != null) {
			this.pipeline.drain();
		}
	}

	@Test
	void whenAProcessorIsBlockedThenItsStageHoldsItsChunkAndTheRestIsBuffered() {
		List<Integer> timed = new CopyOnWriteArrayList<>();
		this.pipeline = Pipeline.create(Pipeline.<Object>builder("blocked-processor")
			.source(this.source)
			.processors((p) -> p.concurrency(1).maxDemand(10))
			.onMessage((m) -> {
				hold(this.release);
				return m;
			})
			.listener(new PipelineListener() {

				@Override
				public void messagesTimed(Worker processor, long[] nanos, int count) {
					timed.add(count);
				}

			})
			.build());
		this.pipeline.start();
		push(30);
		await().until(() -> stage(this.pipeline.stats(), StageStats.Kind.PROCESSOR).inFlight() == 5
				&& this.pipeline.stats().source().buffered() == 5);
		PipelineStats stats = this.pipeline.stats();
		assertThat(stats.inFlight()).isEqualTo(10);
		assertThat(stage(stats, StageStats.Kind.PROCESSOR).in()).isEqualTo(5);
		assertThat(stage(stats, StageStats.Kind.PROCESSOR).out()).isZero();
		assertThat(stage(stats, StageStats.Kind.PRODUCER).inFlight()).isZero();
		assertThat(sum(stats)).isEqualTo(stats.inFlight());
		assertThat(stats.source().backlog()).as("an in-memory source has no broker").isNull();
		this.release.countDown();
		await().until(() -> this.pipeline.stats().succeeded() == 30);
		assertThat(timed).as("one time per message, handed over per chunk").containsOnly(5).hasSize(6);
		assertThat(stage(this.pipeline.stats(), StageStats.Kind.PROCESSOR).inFlight()).isZero();
	}

	@Test
	void whenABatcherWaitsForItsTimeoutThenItsOpenBatchesCountMessagesKeysAndAge() {
		VirtualClock clock = new VirtualClock();
		this.pipeline = Pipeline.create(Pipeline.<Object>builder("open-batches")
			.source(this.source)
			.clock(clock)
			.processors((p) -> p.concurrency(2).maxDemand(10))
			.onMessage((m) -> m.withBatchKey("key-" + ((Integer) m.data() % 3)))
			.batcher("default", (b) -> b.batchSize(100).batchTimeout(Duration.ofMinutes(1)).handler((batch, info) -> {
				hold(this.release);
				return batch;
			}))
			.build());
		this.pipeline.start();
		push(7);
		await().until(() -> openBatches(this.pipeline.stats()).messages() == 7);
		clock.advance(Duration.ofSeconds(5));
		PipelineStats stats = this.pipeline.stats();
		StageStats batcher = stage(stats, StageStats.Kind.BATCHER);
		assertThat(batcher.openBatches().keys()).isEqualTo(3);
		assertThat(batcher.openBatches().oldestAge()).isEqualTo(Duration.ofSeconds(5));
		assertThat(batcher.in()).isEqualTo(7);
		assertThat(batcher.inFlight()).as("open batches are not counted twice").isZero();
		assertThat(stats.inFlight()).isEqualTo(7);
		assertThat(sum(stats)).isEqualTo(7);
		assertThat(stage(stats, StageStats.Kind.PROCESSOR).openBatches()).isNull();
		this.release.countDown();
		clock.advance(Duration.ofMinutes(1));
		await().until(() -> this.pipeline.stats().succeeded() == 7);
		assertThat(openBatches(this.pipeline.stats())).isEqualTo(StageStats.OpenBatches.NONE);
	}

	@Test
	void whenABatchWorkerIsBlockedThenEveryStageFillsAndTheFiguresAddUpToTheTotal() {
		this.pipeline = Pipeline.create(Pipeline.<Object>builder("blocked-batch-worker")
			.source(this.source)
			.processors((p) -> p.concurrency(2).maxDemand(10))
			.onMessage((m) -> m)
			.batcher("default", (b) -> b.batchSize(4).maxDemand(8).handler((batch, info) -> {
				hold(this.release);
				return batch;
			}))
			.build());
		this.pipeline.start();
		push(500);
		await().until(() -> {
			PipelineStats stats = this.pipeline.stats();
			return stage(stats, StageStats.Kind.BATCH_WORKER).inFlight() == 4 && stats.source().buffered() > 0
					&& stage(stats, StageStats.Kind.BATCHER).queued() > 0 && sum(stats) == stats.inFlight();
		});
		PipelineStats stats = this.pipeline.stats();
		assertThat(stage(stats, StageStats.Kind.BATCH_WORKER).queued()).as("batches waiting for the worker")
			.isPositive();
		assertThat(stats.inFlight()).isEqualTo(stats.fetched());
		assertThat(sum(stats)).isEqualTo(stats.inFlight());
		this.release.countDown();
		await().until(() -> this.pipeline.stats().succeeded() == 500);
		PipelineStats done = this.pipeline.stats();
		assertThat(sum(done)).isZero();
	}

	private void push(int count) {
		this.source.pushData((successful, failed) -> {
		}, IntStream.range(0, count).boxed().map(Object.class::cast).toList());
	}

	private static long sum(PipelineStats stats) {
		long sum = 0;
		for (StageStats stage : stats.stages()) {
			sum += stage.queued() + stage.inFlight()
					+ ((stage.openBatches() != null) ? stage.openBatches().messages() : 0);
		}
		return sum;
	}

	private static StageStats stage(PipelineStats stats, StageStats.Kind kind) {
		return stats.stages().stream().filter((stage) -> stage.kind() == kind).findFirst().orElseThrow();
	}

	private static StageStats.OpenBatches openBatches(PipelineStats stats) {
		return stage(stats, StageStats.Kind.BATCHER).openBatches();
	}

}
