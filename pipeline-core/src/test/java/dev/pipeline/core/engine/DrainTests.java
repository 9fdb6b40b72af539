package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.StageStats;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 6: a drain stops fetching, processes and acknowledges everything fetched
 * (partial batches flushed), then stops; when it runs out of time, what is left is
 * released to the source.
 */
@ExtendWith(Invariants.class)
class DrainTests {

	@Test
	void whenDrainingMidStreamThenEverythingFetchedIsAcknowledgedOnceAndNothingMoreIsAsked() {
		RecordingSource source = new RecordingSource(Long.MAX_VALUE);
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("drain")
			.source(source)
			.processors((p) -> p.concurrency(3).maxDemand(10))
			.onMessage((m) -> {
				LockSupport.parkNanos(20_000);
				return m.withBatchKey(m.data() % 5);
			})
			.batcher("default",
					(b) -> b.batchSize(1000)
						.batchTimeout(Duration.ofHours(1))
						.concurrency(2)
						.handler((batch, info) -> batch))
			.build());
		pipeline.start();
		await().until(() -> source.generator.emitted() > 5_000);

		DrainResult result = pipeline.drain();

		PipelineStats stats = pipeline.stats();
		assertThat(result.completed()).isTrue();
		assertThat(pipeline.state()).isEqualTo(PipelineState.STOPPED);
		assertThat(source.requestedAfterStop.get()).as("demand after the drain started").isZero();
		assertThat(source.generator.succeeded()).isEqualTo(source.generator.emitted());
		assertThat(source.generator.failed()).isZero();
		assertThat(stats.fetched()).isEqualTo(source.generator.emitted());
		assertThat(stats.succeeded()).isEqualTo(stats.fetched());
		assertThat(stats.inFlight()).isZero();
		StageStats batcher = stats.stages()
			.stream()
			.filter((s) -> s.kind() == StageStats.Kind.BATCHER)
			.findFirst()
			.orElseThrow();
		assertThat(batcher.flushes().get(BatchTrigger.DRAIN)).as("partial batches flushed").isEqualTo(5);
		assertThat(source.stops.get()).isEqualTo(1);
	}

	@Test
	void whenTheDrainRunsOutOfTimeThenWhatIsLeftIsReleasedAndLateAcknowledgementsAreIgnored() throws Exception {
		RecordingSource source = new RecordingSource(Long.MAX_VALUE);
		CountDownLatch stuck = new CountDownLatch(1);
		AtomicLong handled = new AtomicLong();
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("stuck-drain")
			.source(source)
			.processors((p) -> p.concurrency(2).maxDemand(4))
			.onMessage((m) -> {
				if (handled.incrementAndGet() > 100) {
					stuck.await();
				}
				return m;
			})
			.build());
		pipeline.start();
		await().until(() -> handled.get() > 101);

		DrainResult result = pipeline.drain(Duration.ofMillis(200));

		assertThat(result.completed()).isFalse();
		assertThat(result.released()).isPositive().isLessThanOrEqualTo(2 * 4);
		PipelineStats stats = pipeline.stats();
		assertThat(stats.succeeded() + stats.released()).isEqualTo(stats.fetched());
		assertThat(source.generator.succeeded()).isEqualTo(stats.succeeded());
		assertThat(source.stops.get()).isEqualTo(1);
		assertThat(pipeline.state()).isEqualTo(PipelineState.STOPPED);
	}

	@Test
	void whenRestartedAfterADrainThenTheSourceIsStartedAgainAndNothingIsLost() {
		dev.pipeline.core.source.InMemorySource<Long> source = new dev.pipeline.core.source.InMemorySource<>();
		dev.pipeline.core.support.CountingAcknowledger acks = new dev.pipeline.core.support.CountingAcknowledger();
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("restart")
			.source(source)
			.processors((p) -> p.concurrency(2).maxDemand(10))
			.onMessage((m) -> m)
			.batcher("default", (b) -> b.batchSize(7).handler((batch, info) -> batch))
			.build());
		pipeline.start();
		source.pushData(acks, java.util.stream.LongStream.range(0, 5_000).boxed().toList());
		pipeline.restart(pipeline.spec().toBuilder().batcher("default", (b) -> b.batchSize(50)).build());
		source.pushData(acks, java.util.stream.LongStream.range(5_000, 10_000).boxed().toList());
		await().until(() -> acks.total() == 10_000);
		pipeline.drain();
		acks.assertEachAcknowledgedOnce(10_000);
		assertThat(pipeline.spec().batcher("default").batchSize()).isEqualTo(50);
	}

}
