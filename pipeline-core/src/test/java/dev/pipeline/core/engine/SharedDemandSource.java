package dev.pipeline.core.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;

/**
 * A source that emits its messages, in order, from a thread of its own, as far as a pool
 * of demand it shares with other sources allows; as Kafka consumers do. Several of them
 * emit into a pipeline at the same time.
 */
final class SharedDemandSource<T> implements Source<T> {

	/** The most messages one emit carries. */
	private static final int CHUNK = 7;

	private final AtomicLong demand;

	private final List<Message<T>> messages;

	private volatile boolean stopped;

	SharedDemandSource(AtomicLong demand, List<Message<T>> messages) {
		this.demand = demand;
		this.messages = messages;
	}

	@Override
	public void start(Emitter<T> emitter) {
		Thread thread = new Thread(() -> emitAll(emitter), "shared-demand-source");
		thread.setDaemon(true);
		thread.start();
	}

	private void emitAll(Emitter<T> emitter) {
		int next = 0;
		while (next < this.messages.size() && !this.stopped) {
			long available = this.demand.get();
			if (available <= 0) {
				LockSupport.parkNanos(20_000);
				continue;
			}
			int count = (int) Math.min(available, Math.min(CHUNK, this.messages.size() - next));
			if (this.demand.compareAndSet(available, available - count)) {
				emitter.emit(this.messages.subList(next, next + count));
				next += count;
			}
		}
	}

	@Override
	public void request(int count) {
		this.demand.addAndGet(count);
	}

	@Override
	public void stop() {
		this.stopped = true;
	}

}
