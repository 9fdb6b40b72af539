package dev.pipeline.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;

import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * A batcher's open batches: one per batch key, and per partition when the batcher is
 * partitioned, kept in the order they opened. They share one timeout, so that is also the
 * order they expire in, and only the oldest deadline is ever waited for. Used by one
 * thread at a time (whichever holds the batcher's turn), which publishes the figures
 * snapshots read (messages in open batches, open batches, when the oldest opened) with
 * opaque stores.
 */
final class OpenBatches {

	private static final Object DEFAULT_KEY = new Object();

	private static final VarHandle MESSAGES;

	private static final VarHandle KEYS;

	private static final VarHandle OLDEST_OPENED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MESSAGES = lookup.findVarHandle(OpenBatches.class, "messages", long.class);
			KEYS = lookup.findVarHandle(OpenBatches.class, "keys", int.class);
			OLDEST_OPENED = lookup.findVarHandle(OpenBatches.class, "oldestOpened", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final LinkedHashMap<Object, OpenBatch> open = new LinkedHashMap<>();

	private final int batchSize;

	private final long timeoutNanos;

	private final int workers;

	private final @Nullable Function<Message<Object>, ?> partitionBy;

	/** The batch the last message went to, looked at first for the next one. */
	private @Nullable OpenBatch last;

	/** Messages in open batches, as published. */
	private long messages;

	/** Open batches, as published. */
	private int keys;

	/** When the oldest open batch opened, on the batcher's clock, as published. */
	private long oldestOpened;

	/**
	 * @param batchSize the most messages of a batch
	 * @param timeoutNanos how long a batch stays open at most
	 * @param workers the batch workers, which partitions pick from
	 * @param partitionBy the batcher's partition key, or {@code null}
	 */
	OpenBatches(int batchSize, long timeoutNanos, int workers, @Nullable Function<Message<Object>, ?> partitionBy) {
		this.batchSize = batchSize;
		this.timeoutNanos = timeoutNanos;
		this.workers = workers;
		this.partitionBy = partitionBy;
	}

	/**
	 * The open batch a message belongs in, opened now if there is none.
	 * @param message the message
	 * @param now the clock's time, the new batch's start
	 * @return its batch
	 * @throws RuntimeException what the partition key threw
	 */
	@SuppressWarnings("unchecked")
	OpenBatch batchFor(Message<?> message, long now) {
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

	/**
	 * Adds a message to its batch.
	 * @param batch the batch, from {@link #batchFor}
	 * @param message the message
	 * @return whether the batch is now full by count
	 */
	boolean add(OpenBatch batch, Message<?> message) {
		batch.messages.add(message);
		MESSAGES.setOpaque(this, this.messages + 1);
		return batch.messages.size() >= this.batchSize;
	}

	/**
	 * Closes a batch that is about to be emitted.
	 * @param batch the batch
	 */
	void close(OpenBatch batch) {
		this.open.remove(batch.mapKey);
		closed(batch);
		publish();
	}

	/**
	 * Closes the oldest batch if its deadline has passed.
	 * @param now the clock's time
	 * @return the batch closed, or {@code null} when the oldest is not due (or there is
	 * none)
	 */
	@Nullable OpenBatch closeExpired(long now) {
		Iterator<OpenBatch> oldest = this.open.values().iterator();
		if (!oldest.hasNext()) {
			return null;
		}
		OpenBatch batch = oldest.next();
		if (batch.deadline - now > 0) {
			return null;
		}
		oldest.remove();
		closed(batch);
		publish();
		return batch;
	}

	/**
	 * Closes every open batch, for a drain.
	 * @return the batches, oldest first
	 */
	List<OpenBatch> closeAll() {
		List<OpenBatch> all = new ArrayList<>(this.open.values());
		this.open.clear();
		for (OpenBatch batch : all) {
			closed(batch);
		}
		publish();
		return all;
	}

	private void closed(OpenBatch batch) {
		batch.emitted = true;
		if (this.last == batch) {
			this.last = null;
		}
		MESSAGES.setOpaque(this, this.messages - batch.messages.size());
	}

	/** Publishes the number of open batches and when the oldest one opened. */
	void publish() {
		int keys = this.open.size();
		if (keys != this.keys) {
			KEYS.setOpaque(this, keys);
		}
		if (keys > 0) {
			long opened = this.open.values().iterator().next().deadline - this.timeoutNanos;
			if (opened != this.oldestOpened) {
				OLDEST_OPENED.setOpaque(this, opened);
			}
		}
	}

	boolean isEmpty() {
		return this.open.isEmpty();
	}

	/**
	 * @return the deadline of the oldest open batch; call only when there is one
	 */
	long oldestDeadline() {
		return this.open.values().iterator().next().deadline;
	}

	/**
	 * @return messages in open batches, as last published
	 */
	long messages() {
		return Math.max(0, (long) MESSAGES.getOpaque(this));
	}

	/**
	 * @return open batches, as last published
	 */
	int keys() {
		return (int) KEYS.getOpaque(this);
	}

	/**
	 * @param now the clock's time now
	 * @return how long the oldest open batch has been open, 0 without open batches
	 */
	long oldestOpenNanos(long now) {
		if (keys() == 0) {
			return 0;
		}
		return Math.max(0, now - (long) OLDEST_OPENED.getOpaque(this));
	}

	/** One open batch. */
	static final class OpenBatch {

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

		/**
		 * @param workers the batcher's batch workers
		 * @return the worker that must handle the batch: its partition's, its batch
		 * key's, or {@link BatchDispatcher#ANY_WORKER} for the default key
		 */
		int worker(int workers) {
			if (this.partition >= 0) {
				return this.partition;
			}
			return (this.batchKey != null) ? Partitions.of(this.batchKey, workers) : BatchDispatcher.ANY_WORKER;
		}

	}

	private record PartitionedKey(@Nullable Object batchKey, int partition) {
	}

}
