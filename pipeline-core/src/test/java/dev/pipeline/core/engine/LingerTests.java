package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.Source;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source that groups what it receives leans on idle processors instead of a timer
 * thread: a processor with nothing to handle waits no longer than the time the source
 * gives, then calls it again on its own thread and takes what is due; messages that come
 * meanwhile end the wait at once.
 */
@ExtendWith(Invariants.class)
class LingerTests {

	private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(20);

	private final CountingAcknowledger acks = new CountingAcknowledger();

	private final List<String> handledOn = new CopyOnWriteArrayList<>();

	private Pipeline<Long> start(LeaningSource source) {
		Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("leaning").source(source).onMessage((m) -> {
			this.handledOn.add(Thread.currentThread().getName());
			return m;
		}).processors((p) -> p.concurrency(1)).build());
		pipeline.start();
		return pipeline;
	}

	@Test
	void whenASourceHoldsMessagesThenTheIdleProcessorComesBackAtTheTimeGivenAndTakesThemOnItsOwnThread() {
		LeaningSource source = new LeaningSource(PERIOD);
		Pipeline<Long> pipeline = start(source);
		await().atMost(Duration.ofSeconds(10)).until(() -> source.calls.get() >= 2);
		long start = System.nanoTime();
		source.hold(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handledOn.size() == 3);
		long elapsed = System.nanoTime() - start;
		assertThat(this.handledOn).allMatch((name) -> name.startsWith("pipeline-leaning-processor-"));
		assertThat(source.emittedOn).containsOnly(this.handledOn.get(0));
		// The processor waited for the time given each time rather than calling again at
		// once
		await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - start >= 10 * PERIOD);
		long calls = source.calls.get();
		long periods = (System.nanoTime() - source.started) / PERIOD;
		assertThat(calls).isLessThanOrEqualTo(periods + 4);
		assertThat(elapsed).isLessThan(Duration.ofSeconds(5).toNanos());
		pipeline.drain();
		assertThat(this.acks.succeeded()).isEqualTo(3);
	}

	@Test
	void whenMessagesComeWhileTheProcessorWaitsForTheTimeGivenThenItHandlesThemAtOnce() {
		LeaningSource source = new LeaningSource(TimeUnit.MINUTES.toNanos(10));
		Pipeline<Long> pipeline = start(source);
		await().atMost(Duration.ofSeconds(10)).until(() -> source.calls.get() >= 1);
		source.emitter.emit(Message.of(7L, this.acks, null));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handledOn.size() == 1);
		pipeline.drain();
		assertThat(this.acks.succeeded()).isEqualTo(1);
	}

	/**
	 * Holds what the test gives it and hands it over only from {@link #linger()}, on the
	 * calling processor's thread; asks to be called again every period.
	 */
	private final class LeaningSource implements Source<Long> {

		private final long period;

		private final Queue<Message<Long>> held = new ConcurrentLinkedQueue<>();

		private final AtomicInteger demand = new AtomicInteger();

		final AtomicInteger calls = new AtomicInteger();

		final List<String> emittedOn = new CopyOnWriteArrayList<>();

		volatile long started;

		Emitter<Long> emitter;

		LeaningSource(long period) {
			this.period = period;
		}

		void hold(int count) {
			for (long i = 0; i < count; i++) {
				this.held.add(Message.of(i, LingerTests.this.acks, null));
			}
		}

		@Override
		public void start(Emitter<Long> target) {
			this.emitter = target;
			this.started = System.nanoTime();
		}

		@Override
		public void request(int count) {
			this.demand.addAndGet(count);
		}

		@Override
		public long linger() {
			this.calls.incrementAndGet();
			Message<Long> message;
			while (this.demand.get() > 0 && (message = this.held.poll()) != null) {
				this.demand.decrementAndGet();
				this.emittedOn.add(Thread.currentThread().getName());
				this.emitter.emit(message);
			}
			return System.nanoTime() + this.period;
		}

	}

}
