package dev.pipeline.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Hands a batcher's batches to its batch workers, each worker holding one batch at a time
 * (Broadway's max-demand 1), so a batch, even one emitted on timeout, waits until a
 * worker is free.
 *
 * <p>
 * A batch for a given worker (its batch key's or its partition's) waits in that worker's
 * slot, so the batches of one key are handled one at a time and in order. A batch of the
 * default key goes to whichever worker is free first.
 */
final class BatchDispatcher {

	/** Any worker may take the batch. */
	static final int ANY_WORKER = -1;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition available = this.lock.newCondition();

	private final Condition room = this.lock.newCondition();

	private final ArrayDeque<Batch>[] slots;

	private final ArrayDeque<Batch> shared = new ArrayDeque<>();

	private boolean closed;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	BatchDispatcher(int workers) {
		this.slots = new ArrayDeque[workers];
		for (int i = 0; i < workers; i++) {
			this.slots[i] = new ArrayDeque<>(2);
		}
	}

	/**
	 * Hands a batch over, waiting until there is room for it.
	 * @param batch the batch
	 * @param worker the worker that must handle it, or {@link #ANY_WORKER}
	 * @throws InterruptedException if interrupted while waiting
	 */
	void put(Batch batch, int worker) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			ArrayDeque<Batch> queue = (worker == ANY_WORKER) ? this.shared : this.slots[worker];
			int limit = (worker == ANY_WORKER) ? this.slots.length : 1;
			while (queue.size() >= limit) {
				this.room.await();
			}
			queue.addLast(batch);
			this.available.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes the next batch for a worker.
	 * @param worker the worker's index
	 * @return the batch, or {@code null} when the dispatcher is closed and has nothing
	 * for the worker
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable Batch take(int worker) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			ArrayDeque<Batch> own = this.slots[worker];
			while (own.isEmpty() && this.shared.isEmpty()) {
				if (this.closed) {
					return null;
				}
				this.available.await();
			}
			Batch batch = own.isEmpty() ? this.shared.pollFirst() : own.pollFirst();
			this.room.signalAll();
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** No more batches will come; workers end once they have taken what is left. */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.available.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	int queued() {
		this.lock.lock();
		try {
			int queued = this.shared.size();
			for (ArrayDeque<Batch> slot : this.slots) {
				queued += slot.size();
			}
			return queued;
		}
		finally {
			this.lock.unlock();
		}
	}

}
