package dev.pipeline.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * The producer of workloads e and e0: a {@link Ticker} on its own thread creates 50
 * messages per millisecond, each carrying its tick's timestamp; the source emits
 * {@code min(due, demanded)} of them at once and keeps the rest pending, in order, until
 * processors ask for more.
 *
 * <p>
 * Broadway's producer ignores demand and lets GenStage's producer buffer (10,000 events)
 * hold what is not demanded; the engine's contract forbids emitting beyond demand, so
 * this source holds that backlog itself instead. Either way, messages are created (and
 * time-stamped) on the tick, and a message waits in the producer until a processor wants
 * it. The pending backlog here is unbounded; {@link #maxPending()} reports its high
 * point.
 */
final class TickingSource implements Source<Long> {

	private final Ticker ticker;

	private final Acknowledger acknowledger;

	private final ArrayDeque<Message<Long>> pending = new ArrayDeque<>();

	private @Nullable Emitter<Long> emitter;

	private @Nullable Thread thread;

	private long demand;

	private int maxPending;

	/**
	 * Creates the source of one run.
	 * @param ticker the clock, not yet running
	 * @param acknowledger the acknowledger every message shares
	 */
	TickingSource(Ticker ticker, Acknowledger acknowledger) {
		this.ticker = ticker;
		this.acknowledger = acknowledger;
	}

	@Override
	public synchronized void start(Emitter<Long> target) {
		this.emitter = target;
		Thread ticking = new Thread(() -> {
			try {
				this.ticker.run(this::tick);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, "bench-ticker");
		ticking.setDaemon(true);
		this.thread = ticking;
		ticking.start();
	}

	private synchronized void tick(long nanos, int count) {
		Long stamp = nanos;
		for (int i = 0; i < count; i++) {
			this.pending.addLast(Message.of(stamp, this.acknowledger, null));
		}
		this.maxPending = Math.max(this.maxPending, this.pending.size());
		emitPending();
	}

	@Override
	public synchronized void request(int count) {
		this.demand += count;
		emitPending();
	}

	private void emitPending() {
		int n = (int) Math.min(this.demand, this.pending.size());
		Emitter<Long> target = this.emitter;
		if (n == 0 || target == null) {
			return;
		}
		List<Message<Long>> out = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			out.add(this.pending.pollFirst());
		}
		this.demand -= n;
		target.emit(out);
	}

	@Override
	public void stop() {
		Thread ticking;
		synchronized (this) {
			this.emitter = null;
			ticking = this.thread;
		}
		if (ticking != null) {
			ticking.interrupt();
		}
	}

	@Override
	public String describe() {
		return "ticking";
	}

	/**
	 * Waits until the ticker thread has ended, so its figures can be read.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitTicker() throws InterruptedException {
		Thread ticking;
		synchronized (this) {
			ticking = this.thread;
		}
		if (ticking != null) {
			ticking.join();
		}
	}

	/**
	 * @return the most messages that waited for demand at once
	 */
	synchronized int maxPending() {
		return this.maxPending;
	}

}
