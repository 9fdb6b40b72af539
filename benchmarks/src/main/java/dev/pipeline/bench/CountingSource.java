package dev.pipeline.bench;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * The producer of workloads a to d2, exactly as docs/benchmarks.md describes it: its
 * state is the next integer (from 0) and the limit N; whenever it is asked for {@code d}
 * more, it synchronously emits {@code min(d, N - next)} consecutive values, each wrapped
 * in a new {@link Message} (the only per-message allocation) that carries the shared
 * acknowledger. It never emits without demand and never buffers.
 *
 * <p>
 * {@link #request} runs on the processors' threads, concurrently; it is serialised, like
 * a GenStage producer, so values leave in order.
 */
public final class CountingSource implements Source<Long> {

	private final long limit;

	private final Acknowledger acknowledger;

	private @Nullable Emitter<Long> emitter;

	private long next;

	/**
	 * Creates the source of one run.
	 * @param limit N, how many values in all
	 * @param acknowledger the acknowledger every message shares
	 */
	public CountingSource(long limit, Acknowledger acknowledger) {
		this.limit = limit;
		this.acknowledger = acknowledger;
	}

	@Override
	public synchronized void start(Emitter<Long> target) {
		this.emitter = target;
	}

	@Override
	public synchronized void request(int count) {
		int n = (int) Math.min(count, this.limit - this.next);
		Emitter<Long> target = this.emitter;
		if (n <= 0 || target == null) {
			return;
		}
		List<Message<Long>> out = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			out.add(Message.of(Long.valueOf(this.next++), this.acknowledger, null));
		}
		target.emit(out);
	}

	@Override
	public synchronized void stop() {
		this.emitter = null;
	}

	@Override
	public String describe() {
		return "counting to " + this.limit;
	}

	/**
	 * @return how many values were emitted
	 */
	synchronized long emitted() {
		return this.next;
	}

}
