package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchMode;
import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.StageStats;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.Invariants;
import dev.pipeline.core.testing.AckResult;
import dev.pipeline.core.testing.PipelineTester;
import dev.pipeline.core.testing.TestAck;
import dev.pipeline.core.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 4: a batch is emitted when it reaches its size or byte limit, when its
 * timeout has passed since its first message, when a message in flush mode asks, or on
 * drain; per batcher and per batch key.
 */
@ExtendWith(Invariants.class)
class BatchingTests {

	private final InMemorySource<Object> source = new InMemorySource<>();

	private final PipelineTester<Object> tester = PipelineTester.of(this.source);

	private final List<Emitted> emitted = new CopyOnWriteArrayList<>();

	private final VirtualClock clock = new VirtualClock();

	private Pipeline<Object> pipeline;

	record Emitted(BatchInfo info, List<Object> data, long atNanos) {
	}

	@AfterEach
	void drain() {
		if (this.pipeline != null) {
			this.pipeline.drain();
		}
	}

	private void start(int batchSize, Duration timeout, long maxBytes) {
		PipelineSpec<Object> spec = Pipeline.<Object>builder("batching")
			.source(this.source)
			.clock(this.clock)
			.processors((p) -> p.concurrency(1).maxDemand(10))
			.onMessage((m) -> (m.data() instanceof String text && text.startsWith("key:"))
					? m.withBatchKey(text.substring(4, 5)) : m)
			.batcher("default",
					(b) -> b.batchSize(batchSize)
						.batchTimeout(timeout)
						.batchMaxBytes(maxBytes)
						.handler((batch, info) -> {
							this.emitted.add(new Emitted(info, batch.stream().map(Message::data).toList(),
									this.clock.nanoTime()));
							return batch;
						}))
			.build();
		this.pipeline = Invariants.create(spec);
		this.pipeline.start();
	}

	@Nested
	class BySize {

		@Test
		void whenBatchSizeIsReachedThenTheBatchIsEmittedAtOnce() {
			start(10, Duration.ofHours(1), 0);
			List<Object> data = new ArrayList<>(LongStream.range(0, 30).boxed().toList());
			AckResult<Object> result = BatchingTests.this.tester.sendBatch(data).await();
			assertThat(result.succeededData()).hasSize(30);
			assertThat(BatchingTests.this.emitted).extracting((e) -> e.info().trigger())
				.containsExactly(BatchTrigger.SIZE, BatchTrigger.SIZE, BatchTrigger.SIZE);
			assertThat(BatchingTests.this.emitted).extracting((e) -> e.data().size()).containsExactly(10, 10, 10);
		}

		@Test
		void whenTheNextPayloadWouldPassTheByteLimitThenTheBatchIsEmittedBeforeIt() {
			start(100, Duration.ofHours(1), 10);
			BatchingTests.this.tester.sendBatch(List.of("aaaa", "bbbb", "cccc", "dd"));
			await().until(() -> !BatchingTests.this.emitted.isEmpty());
			assertThat(BatchingTests.this.emitted).hasSize(1);
			assertThat(BatchingTests.this.emitted.get(0).data()).containsExactly("aaaa", "bbbb");
			assertThat(BatchingTests.this.emitted.get(0).info().trigger()).isEqualTo(BatchTrigger.BYTES);
		}

	}

	@Nested
	class ByTimeout {

		private final Duration timeout = Duration.ofSeconds(2);

		private final VirtualClock clock = BatchingTests.this.clock;

		@Test
		void whenTheTimeoutPassesSinceTheFirstMessageThenThePartialBatchIsEmitted() {
			start(100, this.timeout, 0);
			long sent = this.clock.nanoTime();
			TestAck<Object> ack = BatchingTests.this.tester.sendBatch(List.of(1L, 2L, 3L));
			awaitOpenBatch(3);

			this.clock.advance(this.timeout.minusMillis(1));
			assertThat(BatchingTests.this.emitted).as("emitted before the timeout").isEmpty();
			this.clock.advance(Duration.ofMillis(1));

			assertThat(ack.await().succeededData()).containsExactly(1L, 2L, 3L);
			Emitted batch = BatchingTests.this.emitted.get(0);
			assertThat(batch.info().trigger()).isEqualTo(BatchTrigger.TIMEOUT);
			assertThat(batch.info().size()).isEqualTo(3);
			assertThat(batch.atNanos() - sent).isEqualTo(this.timeout.toNanos());
		}

		@Test
		void whenMoreMessagesJoinLaterThenTheClockStillStartsAtTheFirst() {
			start(100, this.timeout, 0);
			long first = this.clock.nanoTime();
			BatchingTests.this.tester.sendBatch(List.of(1L));
			awaitOpenBatch(1);
			this.clock.advance(Duration.ofSeconds(1));
			TestAck<Object> second = BatchingTests.this.tester.sendBatch(List.of(2L));
			awaitOpenBatch(2);

			this.clock.advance(Duration.ofSeconds(1));

			assertThat(second.await().succeededData()).containsExactly(2L);
			Emitted batch = BatchingTests.this.emitted.get(0);
			assertThat(batch.data()).containsExactly(1L, 2L);
			assertThat(batch.atNanos() - first).isEqualTo(this.timeout.toNanos());
		}

		/** Waits until the batcher holds the messages and waits for their deadline. */
		private void awaitOpenBatch(long messages) {
			await().until(() -> BatchingTests.this.pipeline.stats()
				.stages()
				.stream()
				.anyMatch((stage) -> stage.kind() == StageStats.Kind.BATCHER && stage.in() == messages)
					&& !this.clock.pending().isEmpty());
		}

	}

	@Nested
	class ByBatchKey {

		@Test
		void whenMessagesHaveBatchKeysThenEachBatchHoldsOneKey() {
			start(3, Duration.ofHours(1), 0);
			List<Object> data = List.of("key:a1", "key:b1", "key:a2", "key:b2", "key:a3", "key:b3");
			BatchingTests.this.tester.sendBatch(data).await();
			assertThat(BatchingTests.this.emitted).hasSize(2);
			assertThat(BatchingTests.this.emitted).extracting((e) -> e.info().batchKey())
				.containsExactlyInAnyOrder("a", "b");
			for (Emitted batch : BatchingTests.this.emitted) {
				assertThat(batch.data())
					.allSatisfy((item) -> assertThat((String) item).startsWith("key:" + batch.info().batchKey()));
			}
		}

	}

	@Nested
	class ByFlush {

		@Test
		void whenAMessageIsInFlushModeThenItsBatchIsEmittedWithoutWaiting() {
			start(100, Duration.ofHours(1), 0);
			AckResult<Object> result = BatchingTests.this.tester.send("now").await(Duration.ofSeconds(5));
			assertThat(result.succeededData()).containsExactly("now");
			assertThat(BatchingTests.this.emitted.get(0).info().trigger()).isEqualTo(BatchTrigger.FLUSH);
		}

		@Test
		void whenABulkBatchIsSentInFlushModeThenEachChunkIsFlushed() {
			start(100, Duration.ofHours(1), 0);
			AckResult<Object> result = BatchingTests.this.tester.sendBatch(List.of(1L, 2L, 3L), BatchMode.FLUSH)
				.await(Duration.ofSeconds(5));
			assertThat(result.succeededData()).containsExactlyInAnyOrder(1L, 2L, 3L);
			assertThat(BatchingTests.this.emitted)
				.allSatisfy((batch) -> assertThat(batch.info().trigger()).isEqualTo(BatchTrigger.FLUSH));
		}

	}

	@Nested
	class OnDrain {

		@Test
		void whenThePipelineDrainsThenPartialBatchesAreFlushedAndAcknowledged() {
			start(100, Duration.ofHours(1), 0);
			List<Object> data = new ArrayList<>(LongStream.range(0, 42).boxed().toList());
			var ack = BatchingTests.this.tester.sendBatch(data);
			await().until(() -> BatchingTests.this.pipeline.stats()
				.stages()
				.stream()
				.filter((s) -> s.kind() == StageStats.Kind.BATCHER)
				.mapToLong(StageStats::in)
				.sum() == 42);
			assertThat(ack.isDone()).isFalse();
			BatchingTests.this.pipeline.drain();
			BatchingTests.this.pipeline = null;
			assertThat(ack.await().succeededData()).hasSize(42);
			assertThat(BatchingTests.this.emitted).extracting((e) -> e.info().trigger())
				.containsExactly(BatchTrigger.DRAIN);
			List<Object> flushed = new ArrayList<>(BatchingTests.this.emitted.get(0).data());
			Collections.sort(flushed, (a, b) -> Long.compare((Long) a, (Long) b));
			assertThat(flushed).containsExactlyElementsOf(data);
		}

	}

}
