package dev.pipeline.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.Source;
import org.junit.jupiter.api.Test;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demand reaches the sources from one thread at a time: a processor that asks while
 * another is inside a source's {@code request} leaves its demand to that one and goes
 * back to its messages, and no demand is lost on the way.
 */
class DemandHandOverTests {

	@Test
	void whenAProcessorAsksWhileAnotherIsInsideRequestThenItDoesNotEnterAndItsDemandIsRequestedAfter()
			throws Exception {
		int processors = 2;
		int maxDemand = 10;
		HoldingSource source = new HoldingSource();
		Pipeline<Long> pipeline = Pipeline.create(Pipeline.<Long>builder("hand-over")
			.source(source)
			.processors((p) -> p.concurrency(processors).maxDemand(maxDemand))
			.onMessage((m) -> m)
			.build());
		pipeline.start();
		try {
			assertThat(source.firstEntered.await(10, TimeUnit.SECONDS)).isTrue();
			await().until(() -> otherProcessorWaits(source.firstCaller) || source.mostInside.get() > 1);
			assertThat(source.mostInside).as("threads inside request at once").hasValue(1);
			source.release.countDown();
			await().until(() -> source.requested.get() >= (long) processors * maxDemand);
			await().until(() -> source.acknowledged.get() >= (long) processors * maxDemand);
			assertThat(source.mostInside).as("threads inside request at once").hasValue(1);
		}
		finally {
			source.release.countDown();
			pipeline.drain();
		}
	}

	private static boolean otherProcessorWaits(Thread inside) {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread != inside && thread.getName().startsWith("pipeline-hand-over-processor-")
					&& (thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A pull source that emits what it is asked for on the asking thread, and holds its
	 * first request until released.
	 */
	static final class HoldingSource implements Source<Long>, Acknowledger {

		final CountDownLatch firstEntered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger mostInside = new AtomicInteger();

		final AtomicLong requested = new AtomicLong();

		final AtomicLong acknowledged = new AtomicLong();

		volatile Thread firstCaller;

		private final AtomicLong next = new AtomicLong();

		private volatile Emitter<Long> emitter;

		@Override
		public void start(Emitter<Long> target) {
			this.emitter = target;
		}

		@Override
		public void request(int count) {
			this.mostInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
			try {
				if (this.firstEntered.getCount() > 0) {
					this.firstCaller = Thread.currentThread();
					this.firstEntered.countDown();
					this.release.await(10, TimeUnit.SECONDS);
				}
				this.requested.addAndGet(count);
				List<Message<Long>> out = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					out.add(Message.of(this.next.getAndIncrement(), this, null));
				}
				this.emitter.emit(out);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

		@Override
		public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
			this.acknowledged.addAndGet(successful.size() + failed.size());
		}

	}

}
