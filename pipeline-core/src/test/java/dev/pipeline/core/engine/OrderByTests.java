package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.engine.KeyedEvents.Event;
import dev.pipeline.core.PipelineSpec.ProcessorsBuilder;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.engine.KeyedEvents.shuffled;
import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 3 with order-by: messages with the same key are handled one at a time, in
 * source order, in the processors and after them, but a key is not pinned to one
 * processor, so keys that hash unevenly still spread over the processors.
 */
@ExtendWith(Invariants.class)
class OrderByTests {

	@Nested
	class Order {

		@RepeatedTest(3)
		void whenOrderedByKeyThenEachKeyIsHandledOneAtATimeInSourceOrderThroughToTheBatcher() {
			int keys = 50;
			int perKey = 200;
			Recorder processed = new Recorder();
			Map<Integer, List<Integer>> batched = new ConcurrentHashMap<>();
			InMemorySource<Event> source = new InMemorySource<>();
			CountingAcknowledger acks = new CountingAcknowledger();
			Pipeline<Event> pipeline = Invariants.create(Pipeline.<Event>builder("ordered")
				.source(source)
				.processors((p) -> p.concurrency(8).maxDemand(6).orderBy((m) -> m.data().key()))
				.onMessage((m) -> {
					processed.handle(m.data().key(), m.data().seq(), randomPause());
					return m;
				})
				.batcher("default", (b) -> b.batchSize(5).batchTimeout(Duration.ofMillis(5)).handler((batch, info) -> {
					for (Message<Event> message : batch) {
						batched.computeIfAbsent(message.data().key(), (k) -> new ArrayList<>())
							.add(message.data().seq());
					}
					LockSupport.parkNanos(randomPause());
					return batch;
				}))
				.build());
			pipeline.start();
			source.push(shuffled(keys, perKey, acks));
			await().until(() -> acks.total() == keys * perKey);
			pipeline.drain();

			processed.assertEachKeyInOrderOneAtATime(keys, perKey);
			for (int key = 0; key < keys; key++) {
				assertThat(batched.get(key)).as("batch order of key %d", key).containsExactlyElementsOf(range(perKey));
			}
			assertThat(processed.keysSeenOnMoreThanOneProcessor()).as("keys that moved between processors")
				.isPositive();
			acks.assertEachAcknowledgedOnce(keys * perKey);
			assertThat(acks.failed()).isZero();
		}

		@Test
		void whenTwoSourcesEmitAtOnceFromTheirOwnThreadsThenEachKeyKeepsItsSourceOrder() {
			int keys = 40;
			int perKey = 150;
			Recorder processed = new Recorder();
			CountingAcknowledger acks = new CountingAcknowledger();
			List<Message<Event>> all = shuffled(keys, perKey, acks);
			AtomicLong demand = new AtomicLong();
			List<SharedDemandSource<Event>> sources = List.of(
					new SharedDemandSource<>(demand, all.stream().filter((m) -> m.data().key() % 2 == 0).toList()),
					new SharedDemandSource<>(demand, all.stream().filter((m) -> m.data().key() % 2 == 1).toList()));
			Pipeline<Event> pipeline = Invariants.create(Pipeline.<Event>builder("two-sources")
				.sources(2, sources::get)
				.processors((p) -> p.concurrency(6).maxDemand(8).orderBy((m) -> m.data().key()))
				.onMessage((m) -> {
					processed.handle(m.data().key(), m.data().seq(), randomPause());
					return m;
				})
				.build());
			pipeline.start();
			await().until(() -> acks.total() == keys * perKey);
			pipeline.drain();

			processed.assertEachKeyInOrderOneAtATime(keys, perKey);
			acks.assertEachAcknowledgedOnce(keys * perKey);
		}

		@Test
		void whenKeysAreFreshByteArraysOrNullThenEqualContentIsOneKey() {
			int keys = 30;
			int perKey = 100;
			Recorder processed = new Recorder();
			InMemorySource<Event> source = new InMemorySource<>();
			CountingAcknowledger acks = new CountingAcknowledger();
			Pipeline<Event> pipeline = Invariants.create(Pipeline.<Event>builder("byte-keys")
				.source(source)
				.processors((p) -> p.concurrency(6)
					.maxDemand(6)
					.orderBy((m) -> (m.data().key() == 0) ? null : new byte[] { 7, (byte) m.data().key() }))
				.onMessage((m) -> {
					processed.handle(m.data().key(), m.data().seq(), randomPause());
					return m;
				})
				.build());
			pipeline.start();
			source.push(shuffled(keys, perKey, acks));
			await().until(() -> acks.total() == keys * perKey);
			pipeline.drain();

			processed.assertEachKeyInOrderOneAtATime(keys, perKey);
			assertThat(acks.failed()).isZero();
		}

		@Test
		void whenEveryOrderByKeyThrowsThenEveryMessageFailsAndTheSourceIsStillAsked() {
			assertEveryMessageFailsWhenEveryKeyThrows((p, key) -> p.orderBy(key));
		}

		@Test
		void whenEveryPartitionByKeyThrowsThenEveryMessageFailsAndTheSourceIsStillAsked() {
			assertEveryMessageFailsWhenEveryKeyThrows((p, key) -> p.partitionBy(key));
		}

		private void assertEveryMessageFailsWhenEveryKeyThrows(
				BiConsumer<ProcessorsBuilder<Event>, Function<Message<Event>, ?>> mode) {
			// Without asking again for the demand these messages used, the pipeline
			// would stop after processors x max-demand of them (8 here)
			int total = 1_000;
			InMemorySource<Event> source = new InMemorySource<>();
			CountingAcknowledger acks = new CountingAcknowledger();
			Pipeline<Event> pipeline = Invariants.create(Pipeline.<Event>builder("no-keys")
				.source(source)
				.processors((p) -> mode.accept(p.concurrency(2).maxDemand(4), (m) -> {
					throw new IllegalStateException("no key");
				}))
				.onMessage((m) -> m)
				.build());
			pipeline.start();
			source.push(shuffled(10, total / 10, acks));
			await().until(() -> acks.total() == total);
			pipeline.drain();
			acks.assertEachAcknowledgedOnce(total);
			assertThat(acks.failed()).isEqualTo(total);
		}

		@Test
		void whenTheKeyFunctionThrowsThenThatMessageFailsAndTheOthersKeepTheirOrder() {
			int keys = 10;
			int perKey = 100;
			Set<Long> poisoned = Set.of(3L, 250L, 999L);
			Recorder processed = new Recorder();
			InMemorySource<Event> source = new InMemorySource<>();
			CountingAcknowledger acks = new CountingAcknowledger();
			Pipeline<Event> pipeline = Invariants.create(Pipeline.<Event>builder("poisoned-keys")
				.source(source)
				.processors((p) -> p.concurrency(4).maxDemand(6).orderBy((m) -> {
					if (poisoned.contains(m.data().id())) {
						throw new IllegalStateException("no key");
					}
					return m.data().key();
				}))
				.onMessage((m) -> {
					processed.handle(m.data().key(), m.data().seq(), 0);
					return m;
				})
				.build());
			pipeline.start();
			List<Message<Event>> messages = shuffled(keys, perKey, acks);
			source.push(messages);
			await().until(() -> acks.total() == keys * perKey);
			pipeline.drain();

			acks.assertEachAcknowledgedOnce(keys * perKey);
			assertThat(acks.failed()).isEqualTo(poisoned.size());
			for (Message<Event> message : messages) {
				assertThat(acks.wasOk(message.data())).as("%s acknowledged as successful", message.data())
					.isEqualTo(!poisoned.contains(message.data().id()));
			}
			assertThat(processed.mostInAHandlerAtOnce()).isEqualTo(1);
			processed.seen.forEach((key, seqs) -> assertThat(seqs).as("order of key %d", key).isSorted());
		}

	}

	@Nested
	class Balance {

		@Test
		void whenEveryKeyHashesToOneProcessorThenOrderBySpreadsThemWhereStaticPartitioningCannot() {
			int processors = 4;
			int perKey = 10;
			// partition-by sends an integer key to processor floorMod(key, n): these all
			// go
			// to processor 0 of 4
			List<Integer> keys = IntStream.range(0, 1000)
				.filter((candidate) -> Math.floorMod(candidate, processors) == 0)
				.limit(20)
				.boxed()
				.toList();

			Recorder partitioned = runSlowly(keys, perKey, (p) -> p.concurrency(processors).partitionBy(keyOf()));
			Recorder ordered = runSlowly(keys, perKey, (p) -> p.concurrency(processors).orderBy(keyOf()));

			assertThat(partitioned.processorsUsed()).as("processors used with partition-by").hasSize(1);
			assertThat(ordered.processorsUsed()).as("processors used with order-by").hasSizeGreaterThan(1);
			assertThat(ordered.mostInAHandlerAtOnce()).as("messages of one key in the handlers at once").isEqualTo(1);
			for (int key : keys) {
				assertThat(ordered.seen.get(key)).as("order of key %d", key).containsExactlyElementsOf(range(perKey));
			}
		}

		private static Function<Message<Long>, Object> keyOf() {
			return (m) -> (int) (m.data() >> 16);
		}

		/**
		 * Sends {@code perKey} messages per key, taking turns, whose data is the key in
		 * the high bits and the sequence in the low 16; the handler takes 300 µs.
		 */
		private Recorder runSlowly(List<Integer> keys, int perKey, Consumer<ProcessorsBuilder<Long>> processors) {
			Recorder processed = new Recorder();
			InMemorySource<Long> source = new InMemorySource<>();
			CountingAcknowledger acks = new CountingAcknowledger();
			Pipeline<Long> pipeline = Invariants
				.create(Pipeline.<Long>builder("hot-keys").source(source).processors(processors).onMessage((m) -> {
					processed.handle((int) (m.data() >> 16), (int) (m.data() & 0xFFFF), 300_000);
					return m;
				}).build());
			pipeline.start();
			List<Message<Long>> messages = new ArrayList<>();
			for (int seq = 0; seq < perKey; seq++) {
				for (int key : keys) {
					long data = ((long) key << 16) | seq;
					messages.add(Message.of(data, acks, data));
				}
			}
			source.push(messages);
			await().until(() -> acks.total() == messages.size());
			pipeline.drain();
			acks.assertEachAcknowledgedOnce(messages.size());
			return processed;
		}

	}

	@Nested
	class Volume {

		@Test
		void whenAThousandKeysTakeTurnsOnSixteenProcessorsThenEachMessageIsAcknowledgedOnceInKeyOrder() {
			int keys = 1_000;
			int perKey = 10;
			Recorder processed = new Recorder();
			InMemorySource<Long> source = new InMemorySource<>();
			CountingAcknowledger acks = new CountingAcknowledger();
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("many-keys")
				.source(source)
				.processors((p) -> p.concurrency(16).orderBy((m) -> m.data() % keys))
				.onMessage((m) -> {
					processed.handle((int) (m.data() % keys), (int) (m.data() / keys), 200_000);
					return m;
				})
				.build());
			pipeline.start();
			List<Message<Long>> messages = new ArrayList<>();
			for (long i = 0; i < (long) keys * perKey; i++) {
				messages.add(Message.of(i, acks, i));
			}
			source.push(messages);
			await().until(() -> acks.total() == messages.size());
			pipeline.drain();

			acks.assertEachAcknowledgedOnce(messages.size());
			assertThat(acks.failed()).isZero();
			processed.assertEachKeyInOrderOneAtATime(keys, perKey);
		}

	}

	/**
	 * Records, per key, the sequence numbers in the order they were handled, on which
	 * threads, and the most messages of one key that were in a handler at once.
	 */
	static final class Recorder {

		final Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();

		private final Map<Integer, AtomicInteger> inHandler = new ConcurrentHashMap<>();

		private final Map<Integer, Set<String>> threads = new ConcurrentHashMap<>();

		private final AtomicInteger mostAtOnce = new AtomicInteger();

		void handle(int key, int seq, long pauseNanos) {
			AtomicInteger now = this.inHandler.computeIfAbsent(key, (k) -> new AtomicInteger());
			this.mostAtOnce.accumulateAndGet(now.incrementAndGet(), Math::max);
			try {
				this.seen.computeIfAbsent(key, (k) -> Collections.synchronizedList(new ArrayList<>())).add(seq);
				this.threads.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet())
					.add(Thread.currentThread().getName());
				if (pauseNanos > 0) {
					LockSupport.parkNanos(pauseNanos);
				}
			}
			finally {
				now.decrementAndGet();
			}
		}

		int mostInAHandlerAtOnce() {
			return this.mostAtOnce.get();
		}

		long keysSeenOnMoreThanOneProcessor() {
			return this.threads.values().stream().filter((names) -> names.size() > 1).count();
		}

		Set<String> processorsUsed() {
			Set<String> used = new TreeSet<>();
			this.threads.values().forEach(used::addAll);
			return used;
		}

		void assertEachKeyInOrderOneAtATime(int keys, int perKey) {
			assertThat(mostInAHandlerAtOnce()).as("messages of one key in the handlers at once").isEqualTo(1);
			assertThat(this.seen).as("keys handled").hasSize(keys);
			this.seen.forEach((key, seqs) -> assertThat(seqs).as("handling order of key %d", key)
				.containsExactlyElementsOf(range(perKey)));
		}

	}

	private static List<Integer> range(int count) {
		return IntStream.range(0, count).boxed().toList();
	}

	private static long randomPause() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return (random.nextInt(10) == 0) ? random.nextInt(200_000) : 0;
	}

}
