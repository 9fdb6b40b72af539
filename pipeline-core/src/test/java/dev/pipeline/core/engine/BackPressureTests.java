package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.GeneratorSource;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 1: whatever the backlog and however slow the handlers, a source is never
 * asked for more than the configuration bounds.
 */
@ExtendWith(Invariants.class)
class BackPressureTests {

	@Test
	void whenHandlersAreSlowThenMessagesInFlightNeverExceedTheProcessorsDemand() {
		int processors = 3;
		int maxDemand = 8;
		GeneratorSource<Long> source = GeneratorSource.unbounded((i) -> i);
		AtomicLong worst = new AtomicLong();
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("slow")
			.source(source)
			.processors((p) -> p.concurrency(processors).maxDemand(maxDemand))
			.onMessage((m) -> {
				worst.accumulateAndGet(source.emitted() - source.succeeded() - source.failed(), Math::max);
				LockSupport.parkNanos(200_000);
				return m;
			})
			.build());
		pipeline.start();
		await().until(() -> source.succeeded() >= 3_000);
		pipeline.drain();
		long bound = (long) processors * maxDemand;
		assertThat(worst.get()).as("messages in flight").isPositive().isLessThanOrEqualTo(bound);
		assertThat(source.emitted()).isEqualTo(source.succeeded());
	}

	@Test
	void whenBatchHandlersAreSlowThenMessagesInFlightStayWithinTheBoundOfEveryStage() {
		int processors = 2;
		int maxDemand = 10;
		int batchSize = 20;
		int batchWorkers = 2;
		GeneratorSource<Long> source = GeneratorSource.unbounded((i) -> i);
		AtomicLong worst = new AtomicLong();
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("slow-batches")
			.source(source)
			.processors((p) -> p.concurrency(processors).maxDemand(maxDemand))
			.onMessage((m) -> m)
			.batcher("default",
					(b) -> b.batchSize(batchSize)
						.batchTimeout(Duration.ofSeconds(5))
						.concurrency(batchWorkers)
						.handler((batch, info) -> {
							worst.accumulateAndGet(source.emitted() - source.succeeded() - source.failed(), Math::max);
							LockSupport.parkNanos(2_000_000);
							return batch;
						}))
			.build());
		pipeline.start();
		await().until(() -> source.succeeded() >= 4_000);
		pipeline.drain();
		// processors: P x max-demand; batcher inbox: P x batcher max-demand (= batch
		// size) plus one chunk;
		// batcher: one open batch and one waiting to be handed over; batch workers: one
		// in hand and one
		// queued each, plus one queued per worker for any worker.
		long bound = (long) processors * maxDemand + (long) processors * batchSize + (maxDemand - maxDemand / 2)
				+ 2L * batchSize + 3L * batchWorkers * batchSize;
		assertThat(worst.get()).as("messages in flight").isPositive().isLessThanOrEqualTo(bound);
		assertThat(source.emitted()).isEqualTo(source.succeeded());
	}

}
