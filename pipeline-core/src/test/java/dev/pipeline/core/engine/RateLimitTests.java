package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.RateLimit;
import dev.pipeline.core.Source;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.testing.VirtualClock;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits on a virtual clock: how many messages leave the producers per interval,
 * whatever the source does, and when a changed limit applies.
 */
@ExtendWith(Invariants.class)
class RateLimitTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final VirtualClock clock = new VirtualClock();

	private final InMemorySource<Long> source = new InMemorySource<>();

	private final CountingAcknowledger acks = new CountingAcknowledger();

	private Pipeline<Long> pipeline;

	private Pipeline<Long> start(Source<Long> from, int allowed) {
		this.pipeline = Invariants.create(Pipeline.<Long>builder("limited")
			.source(from)
			.clock(this.clock)
			.rateLimit(new RateLimit(allowed, INTERVAL))
			.processors((p) -> p.concurrency(2).maxDemand(10))
			.onMessage((m) -> m)
			.build());
		this.pipeline.start();
		return this.pipeline;
	}

	private void push(long count) {
		this.source.pushData(this.acks, LongStream.range(0, count).boxed().toList());
	}

	private long fetched() {
		return this.pipeline.stats().fetched();
	}

	@AfterEach
	void drain() {
		if (this.pipeline != null) {
			this.pipeline.drain(Duration.ofSeconds(5));
		}
	}

	@Nested
	class PerInterval {

		@Test
		void whenRateLimitedThenEachIntervalLetsTheAllowedMessagesLeaveAndNoMore() {
			push(50);
			start(RateLimitTests.this.source, 20);
			await().until(() -> RateLimitTests.this.acks.total() == 20);
			assertThat(fetched()).isEqualTo(20);
			RateLimitTests.this.clock.advance(INTERVAL);
			await().until(() -> RateLimitTests.this.acks.total() == 40);
			assertThat(fetched()).isEqualTo(40);
			RateLimitTests.this.clock.advance(INTERVAL);
			await().until(() -> RateLimitTests.this.acks.total() == 50);
			RateLimitTests.this.acks.assertEachAcknowledgedOnce(50);
		}

		@Test
		void whenASourceEmitsMoreThanItWasAskedForThenTheLimitHoldsForWhatItEmits() {
			OverEmittingSource flood = new OverEmittingSource(100, RateLimitTests.this.acks);
			start(flood, 10);
			await().until(() -> RateLimitTests.this.acks.total() == 10);
			assertThat(fetched()).as("taken in the first interval").isEqualTo(10);
			RateLimitTests.this.clock.advance(INTERVAL);
			await().until(() -> RateLimitTests.this.acks.total() == 20);
			assertThat(fetched()).as("taken by the end of the second interval").isEqualTo(20);
			for (int interval = 3; interval <= 10; interval++) {
				RateLimitTests.this.clock.advance(INTERVAL);
				long expected = interval * 10L;
				await().until(() -> RateLimitTests.this.acks.total() == expected);
				assertThat(fetched()).isEqualTo(expected);
			}
			await().until(() -> flood.emitted.getCount() == 0);
			RateLimitTests.this.acks.assertEachAcknowledgedOnce(100);
		}

	}

	@Nested
	class Changes {

		@Test
		void whenTheLimitIsRaisedThenItAppliesFromTheNextInterval() {
			push(100);
			Pipeline<Long> limited = start(RateLimitTests.this.source, 10);
			await().until(() -> RateLimitTests.this.acks.total() == 10);

			limited.updateRateLimit(new RateLimit(60, INTERVAL));

			assertThat(fetched()).as("taken in the interval of the change").isEqualTo(10);
			assertThat(limited.rateLimitRemaining()).isZero();
			RateLimitTests.this.clock.advance(INTERVAL);
			await().until(() -> RateLimitTests.this.acks.total() == 70);
			assertThat(fetched()).isEqualTo(70);
		}

		@Test
		void whenTheLimitIsLoweredThenItAppliesFromTheNextInterval() {
			push(100);
			Pipeline<Long> limited = start(RateLimitTests.this.source, 30);
			await().until(() -> RateLimitTests.this.acks.total() == 30);

			limited.updateRateLimit(new RateLimit(5, INTERVAL));

			assertThat(fetched()).as("taken in the interval of the change").isEqualTo(30);
			RateLimitTests.this.clock.advance(INTERVAL);
			await().until(() -> RateLimitTests.this.acks.total() == 35);
			RateLimitTests.this.clock.advance(INTERVAL);
			await().until(() -> RateLimitTests.this.acks.total() == 40);
			assertThat(fetched()).isEqualTo(40);
		}

		@Test
		void whenTheLimitIsChangedWithAResetThenANewIntervalStartsAtOnceWithTheNewBudget() {
			push(100);
			Pipeline<Long> limited = start(RateLimitTests.this.source, 10);
			await().until(() -> RateLimitTests.this.acks.total() == 10);

			limited.updateRateLimit(new RateLimit(25, INTERVAL), true);

			await().until(() -> RateLimitTests.this.acks.total() == 35);
			assertThat(fetched()).isEqualTo(35);
			assertThat(limited.rateLimit()).isEqualTo(new RateLimit(25, INTERVAL));
			assertThat(RateLimitTests.this.clock.pending()).as("the next interval, a full one from now")
				.containsExactly(INTERVAL);
		}

	}

	/**
	 * A push source that ignores demand: once started, it emits all its messages at once
	 * from a thread of its own.
	 */
	private static final class OverEmittingSource implements Source<Long> {

		private final int count;

		private final CountingAcknowledger acks;

		final CountDownLatch emitted = new CountDownLatch(1);

		OverEmittingSource(int count, CountingAcknowledger acks) {
			this.count = count;
			this.acks = acks;
		}

		@Override
		public void start(Emitter<Long> emitter) {
			List<Message<Long>> all = new ArrayList<>();
			for (long i = 0; i < this.count; i++) {
				all.add(Message.of(i, this.acks, null));
			}
			Thread thread = new Thread(() -> {
				emitter.emit(all);
				this.emitted.countDown();
			}, "over-emitting-source");
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void request(int count) {
			// ignores demand: it emits what it has
		}

	}

}
