package dev.pipeline.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchMode;
import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineClock;
import org.jspecify.annotations.Nullable;

/**
 * One batcher: groups the messages processors send it into batches, one open batch per
 * batch key (and per partition when it is partitioned), and emits a batch when it is full
 * (by count or by bytes), when its timeout has passed since its first message, when a
 * message in flush mode asks, or when the pipeline drains. Runs on its own thread.
 *
 * <p>
 * Every batch of a batcher has the same timeout, so open batches expire in the order they
 * were opened; they are kept in that order and only the oldest deadline is ever waited
 * for. Emitting waits for a free batch worker, so batches are never pushed past the
 * workers' demand.
 *
 * <p>
 * Deadlines follow the pipeline's {@link PipelineClock}: on the system clock the batcher
 * waits for the oldest one with a timed wait; on another clock it waits for a wake-up
 * that clock schedules at that deadline.
 */
final class BatcherStage implements Runnable {

	private static final Object DEFAULT_KEY = new Object();

	private static final VarHandle FLUSHES = MethodHandles.arrayElementVarHandle(long[].class);

	private final String batcher;

	private final MessageBuffer inbox;

	private final BatchDispatcher dispatcher;

	private final int batchSize;

	private final long maxBytes;

	private final ToLongFunction<Message<Object>> sizer;

	private final long timeoutNanos;

	private final int workers;

	private final @Nullable Function<Message<Object>, ?> partitionBy;

	private final Terminal terminal;

	private final FailureLog log;

	private final Runnable onExit;

	private final PipelineClock clock;

	/** The deadline a wake-up is scheduled for, on a clock other than the system's. */
	private long wakeUpAt;

	private boolean wakeUpScheduled;

	private final LinkedHashMap<Object, OpenBatch> open = new LinkedHashMap<>();

	private final WorkerCounters counters = new WorkerCounters();

	private final long[] flushes = new long[BatchTrigger.values().length];

	private final List<OpenBatch> toFlush = new ArrayList<>();

	private @Nullable OpenBatch last;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	BatcherStage(BatcherSettings<?> settings, MessageBuffer inbox, BatchDispatcher dispatcher, Terminal terminal,
			FailureLog log, PipelineClock clock, Runnable onExit) {
		this.batcher = settings.name();
		this.clock = clock;
		this.inbox = inbox;
		this.dispatcher = dispatcher;
		this.batchSize = settings.batchSize();
		this.maxBytes = settings.batchMaxBytes();
		this.sizer = (ToLongFunction) settings.sizer();
		this.timeoutNanos = settings.batchTimeout().toNanos();
		this.workers = settings.concurrency();
		this.partitionBy = (Function) settings.partitionBy();
		this.terminal = terminal;
		this.log = log;
		this.onExit = onExit;
	}

	@Override
	public void run() {
		try {
			while (true) {
				long wait = -1;
				if (!this.open.isEmpty()) {
					long deadline = this.open.values().iterator().next().deadline;
					wait = waitFor(deadline);
				}
				List<Message<?>> chunk = this.inbox.take(Integer.MAX_VALUE, wait);
				if (chunk == null) {
					flushAll();
					return;
				}
				if (!chunk.isEmpty()) {
					add(chunk);
				}
				expire(this.clock.nanoTime());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.dispatcher.close();
			this.onExit.run();
		}
	}

	/**
	 * How long to wait, in real time, for the next message or the deadline: the time left
	 * on the system clock; on another clock, until a wake-up it schedules at the
	 * deadline.
	 */
	private long waitFor(long deadline) {
		long left = Math.max(0, deadline - this.clock.nanoTime());
		if (this.clock.isSystem() || left == 0) {
			return left;
		}
		if (!this.wakeUpScheduled || this.wakeUpAt != deadline) {
			this.wakeUpScheduled = true;
			this.wakeUpAt = deadline;
			this.clock.schedule(this.inbox::wake, left);
		}
		return -1;
	}

	private void add(List<Message<?>> chunk) throws InterruptedException {
		long now = this.clock.nanoTime();
		List<Message<?>> failed = null;
		for (int i = 0, n = chunk.size(); i < n; i++) {
			Message<?> message = chunk.get(i);
			OpenBatch batch;
			try {
				batch = batchFor(message, now);
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
					batch = batchFor(message, now);
				}
				batch.bytes += size;
			}
			batch.messages.add(message);
			if (message.batchMode() == BatchMode.FLUSH && !batch.flush) {
				batch.flush = true;
				this.toFlush.add(batch);
			}
			if (batch.messages.size() >= this.batchSize) {
				emit(batch, BatchTrigger.SIZE);
			}
		}
		this.counters.record(chunk.size(), chunk.size() - ((failed != null) ? failed.size() : 0),
				(failed != null) ? failed.size() : 0, 0);
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

	@SuppressWarnings("unchecked")
	private OpenBatch batchFor(Message<?> message, long now) {
		Object batchKey = message.batchKey();
		int partition = -1;
		Object mapKey;
		if (this.partitionBy != null) {
			partition = Partitions.of(this.partitionBy.apply((Message<Object>) message), this.workers);
			mapKey = new PartitionedKey(batchKey, partition);
		}
		else {
			mapKey = (batchKey != null) ? batchKey : DEFAULT_KEY;
		}
		OpenBatch last = this.last;
		if (last != null && !last.emitted && (last.mapKey == mapKey || last.mapKey.equals(mapKey))) {
			return last;
		}
		OpenBatch batch = this.open.get(mapKey);
		if (batch == null) {
			batch = new OpenBatch(mapKey, batchKey, partition, now + this.timeoutNanos, Math.min(this.batchSize, 1024));
			this.open.put(mapKey, batch);
		}
		this.last = batch;
		return batch;
	}

	private void expire(long now) throws InterruptedException {
		Iterator<OpenBatch> oldest = this.open.values().iterator();
		while (oldest.hasNext()) {
			OpenBatch batch = oldest.next();
			if (batch.deadline - now > 0) {
				return;
			}
			oldest.remove();
			dispatch(batch, BatchTrigger.TIMEOUT);
		}
	}

	private void flushAll() throws InterruptedException {
		List<OpenBatch> all = new ArrayList<>(this.open.values());
		this.open.clear();
		for (OpenBatch batch : all) {
			dispatch(batch, BatchTrigger.DRAIN);
		}
	}

	private void emit(OpenBatch batch, BatchTrigger trigger) throws InterruptedException {
		this.open.remove(batch.mapKey);
		dispatch(batch, trigger);
	}

	private void dispatch(OpenBatch batch, BatchTrigger trigger) throws InterruptedException {
		batch.emitted = true;
		if (this.last == batch) {
			this.last = null;
		}
		int worker;
		if (batch.partition >= 0) {
			worker = batch.partition;
		}
		else if (batch.batchKey != null) {
			worker = Partitions.of(batch.batchKey, this.workers);
		}
		else {
			worker = BatchDispatcher.ANY_WORKER;
		}
		BatchInfo info = new BatchInfo(this.batcher, batch.batchKey, batch.partition, batch.messages.size(), trigger);
		this.dispatcher.put(new Batch(batch.messages, info), worker);
		int slot = trigger.ordinal();
		FLUSHES.setOpaque(this.flushes, slot, (long) FLUSHES.getOpaque(this.flushes, slot) + 1);
	}

	long flushes(BatchTrigger trigger) {
		return (long) FLUSHES.getOpaque(this.flushes, trigger.ordinal());
	}

	long openMessages() {
		return this.inbox.size();
	}

	WorkerCounters counters() {
		return this.counters;
	}

	String name() {
		return this.batcher;
	}

	private static final class OpenBatch {

		final Object mapKey;

		final @Nullable Object batchKey;

		final int partition;

		final long deadline;

		final ArrayList<Message<?>> messages;

		long bytes;

		boolean flush;

		boolean emitted;

		OpenBatch(Object mapKey, @Nullable Object batchKey, int partition, long deadline, int capacity) {
			this.mapKey = mapKey;
			this.batchKey = batchKey;
			this.partition = partition;
			this.deadline = deadline;
			this.messages = new ArrayList<>(capacity);
		}

	}

	private record PartitionedKey(@Nullable Object batchKey, int partition) {
	}

}
