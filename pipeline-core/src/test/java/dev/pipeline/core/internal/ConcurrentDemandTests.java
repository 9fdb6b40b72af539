package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.Source;
import dev.pipeline.core.support.RecordingLogger;
import dev.pipeline.core.testing.VirtualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How processors' demand reaches the sources when several ask at once: one thread at a
 * time asks a source, none of the demand is lost or asked twice, and once a pause returns
 * no source is asked until the resume.
 */
class ConcurrentDemandTests {

	private static final int THREADS = 4;

	private static final int ASKS = 20_000;

	private final FailureLog log = new FailureLog("demand", new RecordingLogger(), new VirtualClock());

	private final Acknowledgements acknowledgements = new Acknowledgements("demand",
			new Events(PipelineListener.NONE, this.log), this.log);

	@Test
	void whenProcessorsAskAtOnceThenEveryAskReachesTheSourceOnceAndOneAtATime() throws Exception {
		CountingSource source = new CountingSource();
		ProducerStage producer = producer(source);

		askFromThreads(producer, () -> {
		});

		assertThat(source.requested.get()).isEqualTo((long) THREADS * ASKS);
		assertThat(source.overlaps.get()).isZero();
	}

	@Test
	void whenPausedWhileProcessorsAskThenNoSourceIsAskedUntilTheResumeAndNothingIsLost() throws Exception {
		CountingSource source = new CountingSource();
		source.requestNanos = 20_000;
		ProducerStage producer = producer(source);
		AtomicInteger pauses = new AtomicInteger();

		askFromThreads(producer, () -> {
			producer.pause();
			source.paused.set(true);
			pauses.incrementAndGet();
			long until = System.nanoTime() + 50_000;
			while (System.nanoTime() - until < 0) {
				Thread.onSpinWait();
			}
			source.paused.set(false);
			producer.resume();
		});

		assertThat(pauses.get()).isPositive();
		assertThat(source.requestedWhilePaused.get()).isZero();
		assertThat(source.requested.get()).isEqualTo((long) THREADS * ASKS);
		assertThat(source.overlaps.get()).isZero();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private ProducerStage producer(Source<Object> source) {
		MessageBuffer[] buffers = new MessageBuffer[THREADS];
		for (int i = 0; i < THREADS; i++) {
			buffers[i] = new MessageBuffer(16);
		}
		return new ProducerStage("demand", new Source[] { source }, buffers, null, null, null, this.acknowledgements);
	}

	/**
	 * Asks once per loop from each of {@link #THREADS} threads, {@link #ASKS} times,
	 * while the calling thread runs {@code meanwhile} over and over until they are done.
	 */
	private void askFromThreads(ProducerStage producer, Runnable meanwhile) throws InterruptedException {
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(THREADS);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int processor = t;
			Thread thread = new Thread(() -> {
				try {
					start.await();
					for (int i = 0; i < ASKS; i++) {
						producer.ask(processor, 1);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		while (done.getCount() > 0) {
			meanwhile.run();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

	/**
	 * Counts what it is asked for, and whether two threads ever ask at once; takes
	 * {@link #requestNanos} to answer.
	 */
	private static final class CountingSource implements Source<Object> {

		long requestNanos;

		final AtomicLong requested = new AtomicLong();

		final AtomicInteger overlaps = new AtomicInteger();

		final AtomicLong requestedWhilePaused = new AtomicLong();

		final AtomicBoolean paused = new AtomicBoolean();

		private final AtomicBoolean inside = new AtomicBoolean();

		@Override
		public void start(Emitter<Object> emitter) {
		}

		@Override
		public void request(int count) {
			if (!this.inside.compareAndSet(false, true)) {
				this.overlaps.incrementAndGet();
			}
			long until = System.nanoTime() + this.requestNanos;
			while (System.nanoTime() - until < 0) {
				Thread.onSpinWait();
			}
			if (this.paused.get()) {
				this.requestedWhilePaused.addAndGet(count);
			}
			this.requested.addAndGet(count);
			this.inside.set(false);
		}

	}

}
