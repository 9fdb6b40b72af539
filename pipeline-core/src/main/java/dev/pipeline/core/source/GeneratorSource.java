package dev.pipeline.core.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * A source that makes messages from a function of their sequence number (0, 1, 2...), as
 * fast as the pipeline demands or at a fixed rate, up to an optional limit. The embedded
 * default of the sample app, and a load generator for benchmarks.
 *
 * <p>
 * Without a rate it emits on the thread that asks, synchronously. With a rate it emits
 * from its own timer thread on whole-millisecond ticks, never more than was demanded; a
 * late tick catches up. It counts the acknowledgements it receives ({@link #succeeded()},
 * {@link #failed()}).
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
public final class GeneratorSource<T> implements Source<T>, Acknowledger {

	private final LongFunction<T> data;

	private final long limit;

	private final double perSecond;

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private @Nullable Emitter<T> emitter;

	private @Nullable ScheduledExecutorService timer;

	private long next;

	private long demand;

	private long startNanos;

	private boolean fetching;

	private GeneratorSource(LongFunction<T> data, long limit, double perSecond) {
		this.data = data;
		this.limit = limit;
		this.perSecond = perSecond;
	}

	/**
	 * Creates a generator that emits as fast as demanded, without end.
	 * @param data makes the data of message {@code n}
	 * @param <T> the type of the data
	 * @return the source
	 */
	public static <T> GeneratorSource<T> unbounded(LongFunction<T> data) {
		return new GeneratorSource<>(data, Long.MAX_VALUE, 0);
	}

	/**
	 * Creates a generator.
	 * @param data makes the data of message {@code n}
	 * @param limit how many messages in all; {@code Long.MAX_VALUE} for no end
	 * @param perSecond messages per second, or 0 for as fast as demanded
	 * @param <T> the type of the data
	 * @return the source
	 * @throws IllegalArgumentException if limit or rate is negative
	 */
	public static <T> GeneratorSource<T> of(LongFunction<T> data, long limit, double perSecond) {
		if (limit < 0 || perSecond < 0) {
			throw new IllegalArgumentException("limit and rate must be 0 or more");
		}
		return new GeneratorSource<>(data, limit, perSecond);
	}

	@Override
	public synchronized void start(Emitter<T> target) {
		this.emitter = target;
		this.demand = 0;
		this.fetching = true;
		if (this.perSecond > 0) {
			this.startNanos = System.nanoTime();
			this.timer = Executors.newSingleThreadScheduledExecutor((work) -> {
				Thread thread = new Thread(work, "pipeline-generator");
				thread.setDaemon(true);
				return thread;
			});
			this.timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void request(int count) {
		this.demand += count;
		if (this.perSecond == 0) {
			emit(this.demand);
		}
	}

	@Override
	public synchronized void pause() {
		this.fetching = false;
	}

	@Override
	public synchronized void resume() {
		this.fetching = true;
	}

	@Override
	public synchronized void stopFetching() {
		this.fetching = false;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running;
		synchronized (this) {
			this.fetching = false;
			this.emitter = null;
			running = this.timer;
			this.timer = null;
		}
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public String describe() {
		return "generator" + ((this.perSecond > 0) ? " at " + (long) this.perSecond + "/s" : "");
	}

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failures) {
		this.succeeded.addAndGet(successful.size());
		this.failed.addAndGet(failures.size());
	}

	/**
	 * @return messages emitted so far
	 */
	public synchronized long emitted() {
		return this.next;
	}

	/**
	 * @return messages acknowledged as successful
	 */
	public long succeeded() {
		return this.succeeded.get();
	}

	/**
	 * @return messages acknowledged as failed
	 */
	public long failed() {
		return this.failed.get();
	}

	private synchronized void tick() {
		long due = (long) ((System.nanoTime() - this.startNanos) / 1e9 * this.perSecond) - this.next;
		if (due > 0) {
			emit(due);
		}
	}

	private void emit(long wanted) {
		Emitter<T> target = this.emitter;
		if (target == null || !this.fetching) {
			return;
		}
		int count = (int) Math.min(Math.min(wanted, this.demand), this.limit - this.next);
		if (count <= 0) {
			return;
		}
		List<Message<T>> out = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			out.add(Message.of(this.data.apply(this.next++), this, null));
		}
		this.demand -= count;
		target.emit(out);
	}

}
