package dev.pipeline.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchMode;
import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Message;
import dev.pipeline.core.internal.OpenBatches.OpenBatch;
import org.jspecify.annotations.Nullable;

/**
 * What a batcher forms batches with: its open batches, the batches its dispatcher had no
 * room for, and the rest of the chunk that came while batches were held. Adds messages to
 * their open batches, emits a batch when it is full (by count or by bytes), when a
 * message in flush mode asks, when it expires or on a drain, and hands it to the
 * dispatcher or keeps it. While batches are held, it takes no more input.
 *
 * <p>
 * WARNING: used by one thread at a time, whichever holds its {@link BatcherStage}'s turn;
 * only the figures ({@link #flushes}, {@link #counters}, {@link #open}) are read by
 * others.
 */
final class BatchFormer {

	private static final VarHandle FLUSHES = MethodHandles.arrayElementVarHandle(long[].class);

	private final String batcher;

	/** The way to the dispatcher, with the batches it had no room for. */
	private final HeldBatches held;

	private final long maxBytes;

	private final ToLongFunction<Message<Object>> sizer;

	private final int workers;

	private final Terminal terminal;

	private final OpenBatches open;

	private final WorkerCounters counters = new WorkerCounters();

	private final long[] flushes = new long[BatchTrigger.values().length];

	private final List<OpenBatch> toFlush = new ArrayList<>();

	/** The rest of a chunk that came while batches were held, added once they are not. */
	private @Nullable List<Message<?>> pending;

	private int pendingFrom;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	BatchFormer(BatcherSettings<?> settings, BatchDispatcher dispatcher, Terminal terminal) {
		this.batcher = settings.name();
		this.maxBytes = settings.batchMaxBytes();
		this.sizer = (ToLongFunction) settings.sizer();
		this.workers = settings.concurrency();
		this.open = new OpenBatches(settings.batchSize(), settings.batchTimeout().toNanos(), this.workers,
				(Function) settings.partitionBy());
		this.terminal = terminal;
		this.held = new HeldBatches(dispatcher, this.workers);
	}

	/**
	 * @return whether it takes input: no batch is held, and nothing waits behind one
	 */
	boolean accepting() {
		return this.held.isEmpty() && this.pending == null;
	}

	/**
	 * @return whether batches wait for room in the dispatcher
	 */
	boolean holding() {
		return !this.held.isEmpty();
	}

	/**
	 * Adds a chunk taken from the inbox, or given straight by a processor, to the open
	 * batches, until a batch is held: the rest waits for {@link #offerHeld}.
	 * @param chunk the messages, in order
	 * @param now the time, for the deadlines of batches that open
	 */
	void take(List<Message<?>> chunk, long now) {
		this.counters.took(chunk.size());
		add(chunk, 0, now);
	}

	/**
	 * Offers the held batches again and, once none is held, adds the rest of the chunk
	 * they held up.
	 * @param now the time, for the deadlines of batches that open
	 */
	void offerHeld(long now) {
		if (!this.held.isEmpty()) {
			this.counters.passedOn(this.held.offerAgain(), 0);
		}
		if (this.held.isEmpty() && this.pending != null) {
			List<Message<?>> rest = this.pending;
			this.pending = null;
			add(rest, this.pendingFrom, now);
		}
	}

	/**
	 * Emits every open batch whose deadline has passed.
	 * @param now the time
	 */
	void expire(long now) {
		OpenBatch batch;
		while ((batch = this.open.closeExpired(now)) != null) {
			dispatch(batch, BatchTrigger.TIMEOUT);
		}
	}

	/** Emits every open batch, for a drain. */
	void closeAll() {
		for (OpenBatch batch : this.open.closeAll()) {
			dispatch(batch, BatchTrigger.DRAIN);
		}
	}

	private void add(List<Message<?>> chunk, int from, long now) {
		List<Message<?>> failed = null;
		int n = chunk.size();
		for (int i = from; i < n; i++) {
			if (!this.held.isEmpty()) {
				this.pending = chunk;
				this.pendingFrom = i;
				break;
			}
			Message<?> message = chunk.get(i);
			OpenBatch batch;
			try {
				batch = this.open.batchFor(message, now);
			}
			catch (RuntimeException ex) {
				if (failed == null) {
					failed = new ArrayList<>();
				}
				failed.add(message.failed("The partition-by of batcher '" + this.batcher + "' failed on this message: "
						+ ProcessorStage.describe(ex), ex));
				continue;
			}
			if (this.maxBytes > 0) {
				long size = measure(message);
				if (batch.bytes + size > this.maxBytes && !batch.messages.isEmpty()) {
					emit(batch, BatchTrigger.BYTES);
					batch = this.open.batchFor(message, now);
				}
				batch.bytes += size;
			}
			boolean full = this.open.add(batch, message);
			if (message.batchMode() == BatchMode.FLUSH && !batch.flush) {
				batch.flush = true;
				this.toFlush.add(batch);
			}
			if (full) {
				emit(batch, BatchTrigger.SIZE);
			}
		}
		this.counters.passed(0, (failed != null) ? failed.size() : 0, 0);
		this.open.publish();
		if (failed != null) {
			this.terminal.finish(List.of(), failed);
		}
		if (!this.toFlush.isEmpty()) {
			for (OpenBatch batch : this.toFlush) {
				if (!batch.emitted) {
					emit(batch, BatchTrigger.FLUSH);
				}
			}
			this.toFlush.clear();
		}
	}

	@SuppressWarnings("unchecked")
	private long measure(Message<?> message) {
		try {
			return this.sizer.applyAsLong((Message<Object>) message);
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private void emit(OpenBatch batch, BatchTrigger trigger) {
		this.open.close(batch);
		dispatch(batch, trigger);
	}

	private void dispatch(OpenBatch batch, BatchTrigger trigger) {
		int worker = batch.worker(this.workers);
		int size = batch.messages.size();
		BatchInfo info = new BatchInfo(this.batcher, batch.batchKey, batch.partition, size, trigger);
		Batch emitted = new Batch(batch.messages, info);
		if (this.held.offer(emitted, worker)) {
			this.counters.passedOn(size, 0);
		}
		int slot = trigger.ordinal();
		FLUSHES.setOpaque(this.flushes, slot, (long) FLUSHES.getOpaque(this.flushes, slot) + 1);
	}

	long flushes(BatchTrigger trigger) {
		return (long) FLUSHES.getOpaque(this.flushes, trigger.ordinal());
	}

	/**
	 * @return the open batches: their deadlines, and their figures
	 */
	OpenBatches open() {
		return this.open;
	}

	WorkerCounters counters() {
		return this.counters;
	}

}
