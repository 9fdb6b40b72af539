package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.RateLimit;
import dev.pipeline.core.ThreadMode;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.support.Invariants;
import dev.pipeline.core.testing.VirtualClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Start, pause, resume, rate limits and threads. */
@ExtendWith(Invariants.class)
class LifecycleTests {

	private final InMemorySource<Long> source = new InMemorySource<>();

	private final CountingAcknowledger acks = new CountingAcknowledger();

	private void push(long from, long to) {
		this.source.pushData(this.acks, LongStream.range(from, to).boxed().toList());
	}

	@Nested
	class PauseAndResume {

		@Test
		void whenPausedThenFetchingHoldsAndInFlightDropsToZeroAndResumeContinues() {
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("pausing")
				.source(LifecycleTests.this.source)
				.processors((p) -> p.concurrency(2).maxDemand(10))
				.onMessage((m) -> m)
				.build());
			pipeline.start();
			push(0, 1_000);
			await().until(() -> LifecycleTests.this.acks.total() == 1_000);

			pipeline.pause();
			push(1_000, 2_000);
			await().until(() -> pipeline.stats().inFlight() == 0);
			assertThat(pipeline.state()).isEqualTo(PipelineState.PAUSED);
			long pending = LifecycleTests.this.source.pending();
			assertThat(pending).as("backlog kept at the source").isGreaterThanOrEqualTo(1_000 - 2 * 10);
			assertThat(LifecycleTests.this.acks.total() + pending).isEqualTo(2_000);

			pipeline.resume();
			await().until(() -> LifecycleTests.this.acks.total() == 2_000);
			pipeline.drain();
			LifecycleTests.this.acks.assertEachAcknowledgedOnce(2_000);
		}

	}

	@Nested
	class RateLimiting {

		@Test
		void whenRateLimitedThenNoMoreThanTheAllowedMessagesLeaveThePerInterval() {
			RateLimit limit = new RateLimit(100, Duration.ofMillis(200));
			VirtualClock clock = new VirtualClock();
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("limited")
				.source(LifecycleTests.this.source)
				.clock(clock)
				.rateLimit(limit)
				.processors((p) -> p.concurrency(2).maxDemand(10))
				.onMessage((m) -> m)
				.build());
			push(0, 1_000);
			pipeline.start();
			for (int interval = 1; interval <= 5; interval++) {
				long allowed = interval * 100L;
				await().until(() -> LifecycleTests.this.acks.total() == allowed);
				assertThat(pipeline.stats().fetched()).isEqualTo(allowed);
				clock.advance(limit.interval());
			}
			assertThat(pipeline.rateLimit()).isEqualTo(limit);

			pipeline.updateRateLimit(new RateLimit(100_000, Duration.ofMillis(200)));
			await().until(() -> LifecycleTests.this.acks.total() == 600);
			clock.advance(limit.interval());
			await().until(() -> LifecycleTests.this.acks.total() == 1_000);
			assertThat(pipeline.spec().rateLimit().allowedMessages()).isEqualTo(100_000);
			pipeline.drain();
		}

		@Test
		void whenThePipelineHasNoRateLimitThenChangingItIsRefusedWithTheFix() {
			Pipeline<Long> pipeline = Invariants.create(
					Pipeline.<Long>builder("unlimited").source(LifecycleTests.this.source).onMessage((m) -> m).build());
			pipeline.start();
			assertThatIllegalStateException()
				.isThrownBy(() -> pipeline.updateRateLimit(new RateLimit(1, Duration.ofSeconds(1))))
				.withMessage("Pipeline 'unlimited' has no rate limit to change; restart it with a rate limit in its"
						+ " settings.");
			pipeline.drain();
		}

	}

	@Nested
	class Threads {

		@Test
		void whenRunningThenStageThreadsAreNamedByPipelineStageAndIndex() {
			List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("named")
				.source(LifecycleTests.this.source)
				.processors((p) -> p.concurrency(1))
				.onMessage((m) -> {
					names.add(Thread.currentThread().getName());
					return m;
				})
				.batcher("out", (b) -> b.batchSize(1).handler((batch, info) -> {
					names.add(Thread.currentThread().getName());
					return batch;
				}))
				.build());
			pipeline.start();
			push(0, 1);
			await().until(() -> LifecycleTests.this.acks.total() == 1);
			pipeline.drain();
			assertThat(names).containsExactly("pipeline-named-processor-0", "pipeline-named-batch-out-0");
		}

		@Test
		void whenVirtualThreadsAreAskedForThenTheyRunOnJava21OrFailWithTheFix() {
			var builder = Pipeline.<Long>builder("virtual")
				.source(LifecycleTests.this.source)
				.threads(ThreadMode.VIRTUAL)
				.onMessage((m) -> m);
			if (Runtime.version().feature() >= 21) {
				Pipeline<Long> pipeline = Invariants.create(builder.build());
				pipeline.start();
				push(0, 100);
				await().until(() -> LifecycleTests.this.acks.total() == 100);
				pipeline.drain();
			}
			else {
				assertThatExceptionOfType(PipelineConfigurationException.class).isThrownBy(builder::build)
					.withMessage("Invalid value 'virtual' for 'virtual.threads': virtual threads need Java 21 or"
							+ " later, and this is Java " + Runtime.version().feature()
							+ ". Action: Run on Java 21 or later, or set 'platform'.");
			}
		}

		@Test
		void whenAThreadDecoratorIsSetThenHandlersRunInsideWhatItCapturedOnTheStartingThread() {
			ThreadLocal<String> caller = new ThreadLocal<>();
			List<String> seen = new CopyOnWriteArrayList<>();
			List<String> decoratedOn = new CopyOnWriteArrayList<>();
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("decorated")
				.source(LifecycleTests.this.source)
				.processors((p) -> p.concurrency(2))
				.threadDecorator((work) -> {
					String captured = caller.get();
					decoratedOn.add(Thread.currentThread().getName());
					return () -> {
						caller.set(captured);
						try {
							work.run();
						}
						finally {
							caller.remove();
						}
					};
				})
				.onMessage((m) -> {
					seen.add(caller.get() + "@" + Thread.currentThread().getName().startsWith("pipeline-decorated-"));
					return m;
				})
				.build());
			caller.set("starter");
			try {
				pipeline.start();
			}
			finally {
				caller.remove();
			}
			push(0, 50);
			await().until(() -> LifecycleTests.this.acks.total() == 50);
			pipeline.drain();
			assertThat(seen).hasSize(50).containsOnly("starter@true");
			assertThat(decoratedOn).hasSize(2).containsOnly(Thread.currentThread().getName());
		}

	}

	@Nested
	class Starting {

		@Test
		void whenStartedTwiceThenTheSecondStartIsRefused() {
			Pipeline<Long> pipeline = Invariants
				.create(Pipeline.<Long>builder("twice").source(LifecycleTests.this.source).onMessage((m) -> m).build());
			pipeline.start();
			assertThatIllegalStateException().isThrownBy(pipeline::start)
				.withMessage("Pipeline 'twice' is already RUNNING");
			pipeline.drain();
		}

		@Test
		void whenTheSourceCannotStartThenThePipelineFailsAndSaysWhy() {
			dev.pipeline.core.Source<Long> broken = new dev.pipeline.core.Source<>() {
				@Override
				public void start(dev.pipeline.core.Emitter<Long> emitter) {
					throw new IllegalStateException("no broker");
				}

				@Override
				public void request(int count) {
				}

				@Override
				public String describe() {
					return "in-memory";
				}
			};
			Pipeline<Long> pipeline = Invariants
				.create(Pipeline.<Long>builder("broken").source(broken).onMessage((m) -> m).build());
			assertThatIllegalStateException().isThrownBy(pipeline::start)
				.withMessage("Pipeline 'broken' could not start its source in-memory: no broker");
			assertThat(pipeline.state()).isEqualTo(PipelineState.FAILED);
		}

	}

}
