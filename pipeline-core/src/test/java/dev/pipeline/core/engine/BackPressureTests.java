package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.MessageHandler;
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
		assertWithinBoundWithSlowBatchHandlers("slow-batches", (m) -> m, 1);
	}

	@Test
	void whenBatchHandlersAreSlowForKeyedBatchesThenMessagesInFlightStayWithinTheBoundOfEveryStage() {
		assertWithinBoundWithSlowBatchHandlers("slow-keyed-batches", (m) -> m.withBatchKey(m.data() % 2), 2);
	}

	private void assertWithinBoundWithSlowBatchHandlers(String name, MessageHandler<Long> onMessage, int batchKeys) {
		int processors = 2;
		int maxDemand = 10;
		int batchSize = 20;
		int batchWorkers = 2;
		GeneratorSource<Long> source = GeneratorSource.unbounded((i) -> i);
		AtomicLong worst = new AtomicLong();
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder(name)
			.source(source)
			.processors((p) -> p.concurrency(processors).maxDemand(maxDemand))
			.onMessage(onMessage)
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
		// size) plus one chunk; batcher: one open batch per batch key, the batch it
		// holds for a full queue, and the rest of what it took from the inbox at once
		// behind that batch; batches waiting for the workers: 4 per worker; batch
		// workers: one in hand each.
		int chunk = maxDemand - maxDemand / 2;
		int waitingPerWorker = 4;
		long inbox = (long) processors * batchSize + chunk;
		long batcher = (long) batchKeys * batchSize + batchSize + inbox;
		long bound = (long) processors * maxDemand + inbox + batcher
				+ (long) waitingPerWorker * batchWorkers * batchSize + (long) batchWorkers * batchSize;
		assertThat(worst.get()).as("messages in flight").isPositive().isLessThanOrEqualTo(bound);
		assertThat(source.emitted()).isEqualTo(source.succeeded());
	}

}
