package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Message;
import dev.pipeline.core.MessageStatus;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.GeneratorSource;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.testing.AckResult;
import dev.pipeline.core.testing.PipelineTester;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantees 2 and 5: a failing message, a failing batch or a poison message fails only
 * itself, and every message is acknowledged exactly once with the right status.
 */
@ExtendWith(Invariants.class)
class FailureIsolationTests {

	@Nested
	class AtScale {

		@Test
		void whenBothHandlersFailAtRandomThenEachOfAMillionMessagesIsAcknowledgedOnceWithItsStatus() {
			long n = 1_000_000;
			CountingAcknowledger acks = new CountingAcknowledger();
			Set<Long> inThrowingBatches = ConcurrentHashMap.newKeySet();
			AtomicLong failureHandlerSaw = new AtomicLong();
			InMemorySource<Long> source = new InMemorySource<>();
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("chaos")
				.source(source)
				.processors((p) -> p.concurrency(4).maxDemand(20))
				.onMessage((m) -> {
					long data = m.data();
					if (data % 7 == 0) {
						throw new IllegalStateException("seven");
					}
					if (data % 13 == 0) {
						return m.failed("thirteen");
					}
					return (data % 2 == 0) ? m.toBatcher("even") : m.toBatcher("odd");
				})
				.batcher("even", (b) -> b.batchSize(50).concurrency(2).handler((batch, info) -> {
					if (batch.stream().anyMatch((m) -> m.data() % 1009 == 0)) {
						batch.forEach((m) -> inThrowingBatches.add(m.data()));
						throw new IllegalArgumentException("batch of 1009");
					}
					return markElevens(batch);
				}))
				.batcher("odd", (b) -> b.batchSize(30).batchTimeout(Duration.ofMillis(20)).handler((batch, info) -> {
					List<Message<Long>> kept = new ArrayList<>();
					for (Message<Long> message : markElevens(batch)) {
						if (message.data() % 17 != 0) {
							kept.add(message);
						}
					}
					return kept;
				}))
				.onFailure((failed) -> {
					failureHandlerSaw.addAndGet(failed.size());
					return failed;
				})
				.build());
			pipeline.start();
			for (long start = 0; start < n; start += 100_000) {
				List<Message<Long>> chunk = new ArrayList<>(100_000);
				for (long i = start; i < start + 100_000; i++) {
					chunk.add(Message.of(i, acks, null));
				}
				source.push(chunk);
			}
			await().atMost(Duration.ofMinutes(2)).until(() -> acks.total() == n);
			pipeline.drain();

			acks.assertEachAcknowledgedOnce(n);
			long expectedFailures = 0;
			for (long i = 0; i < n; i++) {
				boolean ok = i % 7 != 0 && i % 13 != 0 && i % 11 != 0 && !(i % 2 == 1 && i % 17 == 0)
						&& !inThrowingBatches.contains(i);
				assertThat(acks.wasOk(i)).as("status of message %d", i).isEqualTo(ok);
				if (!ok) {
					expectedFailures++;
				}
			}
			assertThat(acks.failed()).isEqualTo(expectedFailures);
			assertThat(failureHandlerSaw.get()).isEqualTo(expectedFailures);
			assertThat(pipeline.stats().inFlight()).isZero();
		}

		private static List<Message<Long>> markElevens(List<Message<Long>> batch) {
			List<Message<Long>> result = new ArrayList<>(batch.size());
			for (Message<Long> message : batch) {
				result.add((message.data() % 11 == 0) ? message.failed("eleven") : message);
			}
			return result;
		}

	}

	@Nested
	class Reasons {

		private final InMemorySource<String> source = new InMemorySource<>();

		private final PipelineTester<String> tester = PipelineTester.of(this.source);

		@Test
		void whenTheMessageHandlerThrowsThenOnlyThatMessageFailsWithTheExceptionAsReason() {
			Pipeline<String> pipeline = start(Pipeline.<String>builder("reasons").onMessage((m) -> {
				if (m.data().equals("poison")) {
					throw new IllegalStateException("cannot digest poison");
				}
				return m;
			}));
			AckResult<String> result = this.tester.sendBatch(List.of("a", "poison", "b")).await();
			pipeline.drain();
			assertThat(result.succeededData()).containsExactlyInAnyOrder("a", "b");
			assertThat(result.failureReasons())
				.containsExactly("The message handler threw java.lang.IllegalStateException: cannot digest poison");
			assertThat(((MessageStatus.Failed) result.failed().get(0).status()).cause())
				.isInstanceOf(IllegalStateException.class);
		}

		@Test
		void whenTheMessageHandlerThrowsAnErrorThenThePipelineGoesOn() {
			Pipeline<String> pipeline = start(Pipeline.<String>builder("errors").onMessage((m) -> {
				if (m.data().equals("deep")) {
					throw new StackOverflowError("too deep");
				}
				return m;
			}));
			assertThat(this.tester.send("deep").await().failedData()).containsExactly("deep");
			assertThat(this.tester.send("fine").await().succeededData()).containsExactly("fine");
			pipeline.drain();
		}

		@Test
		void whenABatchHandlerLeavesAMessageOutThenItIsAcknowledgedAsFailedWithThatReason() {
			Pipeline<String> pipeline = start(Pipeline.<String>builder("left-out")
				.onMessage((m) -> m)
				.batcher("default", (b) -> b.batchSize(3)
					.handler((batch, info) -> batch.stream().filter((m) -> !m.data().equals("b")).toList())));
			AckResult<String> result = this.tester.sendBatch(List.of("a", "b", "c")).await();
			pipeline.drain();
			assertThat(result.succeededData()).containsExactlyInAnyOrder("a", "c");
			assertThat(result.failureReasons()).containsExactly(
					"The batch handler of batcher 'default' left this message out of the list it returned.");
		}

		@Test
		void whenABatchHandlerReturnsAListWithNullThenTheWholeBatchFailsWithThatReason() {
			Pipeline<String> pipeline = start(Pipeline.<String>builder("nulls")
				.onMessage((m) -> m)
				.batcher("default", (b) -> b.batchSize(3).handler((batch, info) -> {
					List<Message<String>> returned = new ArrayList<>(batch);
					returned.set(1, null);
					return returned;
				})));
			AckResult<String> result = this.tester.sendBatch(List.of("a", "b", "c")).await();
			pipeline.drain();
			assertThat(result.succeeded()).isEmpty();
			assertThat(result.failedData()).containsExactlyInAnyOrder("a", "b", "c");
			assertThat(result.failureReasons()).containsOnly("The batch handler of batcher 'default' returned a list"
					+ " with null in it (1 of 3 elements), so no message of the batch has a known outcome; return the"
					+ " messages of the batch, each once.");
		}

		@Test
		void whenAMessageIsRoutedToAnUnknownBatcherThenItFailsWithAReasonThatNamesItAndThePipelineGoesOn() {
			Pipeline<String> pipeline = start(Pipeline.<String>builder("routing")
				.onMessage((m) -> m.data().equals("lost") ? m.toBatcher("nowhere") : m)
				.batcher("default", (b) -> b.batchSize(1).handler((batch, info) -> batch)));
			AckResult<String> result = this.tester.sendBatch(List.of("lost", "found")).await();
			pipeline.drain();
			assertThat(result.succeededData()).containsExactly("found");
			assertThat(result.failureReasons()).containsExactly("The message was routed to batcher 'nowhere', which"
					+ " pipeline 'routing' does not have; its batchers are [default].");
		}

		@Test
		void whenTheFailureHandlerThrowsThenTheMessagesAreStillAcknowledgedAsFailed() {
			Pipeline<String> pipeline = start(Pipeline.<String>builder("failing-failure-handler")
				.onMessage((m) -> m.failed("on purpose"))
				.onFailure((failed) -> {
					throw new IllegalStateException("failure handler broke");
				}));
			AckResult<String> result = this.tester.sendBatch(List.of("x", "y")).await();
			pipeline.drain();
			assertThat(result.failureReasons()).containsExactly("on purpose", "on purpose");
		}

		@Test
		void whenTheFailureHandlerReconfiguresAMessageThenTheAcknowledgerSeesTheChangedMessage() {
			Pipeline<String> pipeline = start(Pipeline.<String>builder("reconfigured")
				.onMessage((m) -> m.failed("on purpose"))
				.onFailure((failed) -> failed.stream().map((m) -> m.withData(m.data() + "!")).toList()));
			AckResult<String> result = this.tester.send("x").await();
			pipeline.drain();
			assertThat(result.failedData()).containsExactly("x!");
		}

		private Pipeline<String> start(dev.pipeline.core.PipelineSpec.Builder<String> builder) {
			Pipeline<String> pipeline = Invariants
				.create(builder.source(this.source).processors((p) -> p.concurrency(2).maxDemand(4)).build());
			pipeline.start();
			return pipeline;
		}

	}

	@Nested
	class SlowMessages {

		@Test
		void whenOneMessageIsStuckThenTheOtherProcessorsKeepGoing() throws Exception {
			java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
			GeneratorSource<Long> source = GeneratorSource.of((i) -> i, 10_000, 0);
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("stuck")
				.source(source)
				.processors((p) -> p.concurrency(2).maxDemand(4))
				.onMessage((m) -> {
					if (m.data() == 0L) {
						release.await();
					}
					return m;
				})
				.build());
			pipeline.start();
			await().until(() -> source.succeeded() >= 9_990);
			release.countDown();
			await().until(() -> source.succeeded() == 10_000);
			pipeline.drain();
		}

	}

}
