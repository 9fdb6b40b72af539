package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.engine.KeyedEvents.Event;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 3: with partition-by, messages with the same key are handled one at a time,
 * in source order, by the same worker, in processors and in batch workers.
 */
@ExtendWith(Invariants.class)
class OrderingTests {

	@RepeatedTest(3)
	void whenPartitionedThenEachKeyIsSeenInSourceOrderByOneWorkerInEveryStage() {
		int keys = 50;
		int perKey = 200;
		Map<Integer, List<Integer>> processed = new ConcurrentHashMap<>();
		Map<Integer, List<Integer>> batched = new ConcurrentHashMap<>();
		Map<Integer, String> processorOf = new ConcurrentHashMap<>();
		Map<Integer, String> batchWorkerOf = new ConcurrentHashMap<>();
		Map<Integer, Boolean> mixedWorkers = new ConcurrentHashMap<>();
		InMemorySource<Event> source = new InMemorySource<>();
		CountingAcknowledger acks = new CountingAcknowledger();
		Pipeline<Event> pipeline = Invariants.create(Pipeline.<Event>builder("ordered")
			.source(source)
			.processors((p) -> p.concurrency(4).maxDemand(6).partitionBy((m) -> m.data().key()))
			.onMessage((m) -> {
				Event event = m.data();
				remember(processorOf, mixedWorkers, event.key());
				processed.computeIfAbsent(event.key(), (k) -> new ArrayList<>()).add(event.seq());
				randomPause();
				return m.withBatchKey(event.key() % 7);
			})
			.batcher("default",
					(b) -> b.batchSize(5)
						.batchTimeout(Duration.ofMillis(5))
						.concurrency(3)
						.partitionBy((m) -> m.data().key())
						.handler((batch, info) -> {
							for (Message<Event> message : batch) {
								Event event = message.data();
								remember(batchWorkerOf, mixedWorkers, event.key());
								batched.computeIfAbsent(event.key(), (k) -> new ArrayList<>()).add(event.seq());
							}
							randomPause();
							return batch;
						}))
			.build());
		pipeline.start();
		source.push(KeyedEvents.shuffled(keys, perKey, acks));
		await().until(() -> acks.total() == keys * perKey);
		pipeline.drain();

		assertThat(mixedWorkers).as("keys seen by more than one worker of a stage").isEmpty();
		for (int key = 0; key < keys; key++) {
			List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
			assertThat(processed.get(key)).as("processor order of key %d", key).containsExactlyElementsOf(expected);
			assertThat(batched.get(key)).as("batch worker order of key %d", key).containsExactlyElementsOf(expected);
		}
		assertThat(acks.failed()).isZero();
	}

	private static void remember(Map<Integer, String> workerOf, Map<Integer, Boolean> mixed, int key) {
		String thread = Thread.currentThread().getName();
		String previous = workerOf.putIfAbsent(key, thread);
		if (previous != null && !previous.equals(thread)) {
			mixed.put(key, Boolean.TRUE);
		}
	}

	private static void randomPause() {
		if (ThreadLocalRandom.current().nextInt(10) == 0) {
			LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(200_000));
		}
	}

}
