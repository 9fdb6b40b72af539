package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.GeneratorSource;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processors form batches themselves when no other thread is doing it, instead of waking
 * the batcher's thread for every chunk. Many processors racing for that on two cores, an
 * inbox of one message per processor and a batch worker too slow to keep up (so the
 * batcher holds batches and the inbox fills over and over): every message is handled,
 * every batch is emitted by size, and none waits for the batch timeout. The interleavings
 * themselves are model-checked in {@code BatchHandOffLincheckTests}.
 */
@ExtendWith(Invariants.class)
class BatchHandOffTests {

	private static final int MESSAGES = 300_000;

	private static final int BATCH_SIZE = 10;

	@Test
	void whenProcessorsRaceToFormBatchesAndTheBatchWorkerLagsThenNoChunkWaitsForTheBatchTimeout() {
		GeneratorSource<Long> source = GeneratorSource.of((i) -> i, MESSAGES, 0);
		AtomicLong bySize = new AtomicLong();
		AtomicLong otherwise = new AtomicLong();
		Set<String> formingThreads = ConcurrentHashMap.newKeySet();
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("racing-hand-offs")
			.source(source)
			.processors((p) -> p.concurrency(8).maxDemand(10))
			.onMessage((m) -> m)
			.batcher("default",
					(b) -> b.batchSize(BATCH_SIZE)
						.batchTimeout(Duration.ofMinutes(5))
						.concurrency(1)
						.partitionBy((m) -> {
							formingThreads.add(Thread.currentThread().getName());
							return 0;
						})
						.handler((batch, info) -> {
							// A little slower than the processors, so that batches are
							// held
							long until = System.nanoTime() + 2_000;
							while (System.nanoTime() < until) {
								Thread.onSpinWait();
							}
							((info.trigger() == BatchTrigger.SIZE) ? bySize : otherwise).incrementAndGet();
							return batch;
						}))
			.build());
		pipeline.start();
		// A chunk stranded in the inbox would wait five minutes for the batcher's thread
		await().atMost(Duration.ofSeconds(60)).until(() -> source.succeeded() == MESSAGES);
		assertThat(bySize.get()).as("batches emitted by size").isEqualTo(MESSAGES / BATCH_SIZE);
		assertThat(otherwise.get()).as("batches emitted otherwise").isZero();
		assertThat(formingThreads).as("threads that formed batches")
			.anyMatch((name) -> name.startsWith("pipeline-racing-hand-offs-processor-"));
	}

}
