package dev.pipeline.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Hands a batcher's batches to its batch workers as GenStage's partition dispatcher does:
 * one bounded queue per worker, for the batches of its batch keys (or its partition),
 * plus one shared queue for batches of the default key, which whichever worker is free
 * first takes. A worker takes one batch at a time, from its own queue first.
 *
 * <p>
 * The batcher never waits here: {@link #offer} refuses a batch when its queue is at its
 * bound, and the batcher keeps that batch until a take leaves the queue half empty, when
 * the worker that took tells the batcher, on its own thread (as GenStage's min-demand
 * batches a consumer's asks). So a slow batch key holds up only its own worker's queue;
 * batches for other workers, and batch timeouts, go on. A batch of a given key always
 * goes to the same queue, so the batches of one key are handled one at a time and in
 * order.
 *
 * <p>
 * A worker that finds nothing waits briefly before it parks. A batch for the shared queue
 * wakes a parked worker only when no worker is in that brief wait: the one that is will
 * take it, or find it under the lock before it parks, so the batcher pays no wake-up and
 * no parked worker is woken to find the queue already emptied.
 */
final class BatchDispatcher {

	/** Any worker may take the batch. */
	static final int ANY_WORKER = -1;

	/**
	 * The most batches that wait in one worker's queue (the worker's demand beyond the
	 * batch in its hands); the shared queue holds this many per worker.
	 */
	static final int WAITING_PER_WORKER = 4;

	private final ReentrantLock lock = new ReentrantLock();

	/** One queue per worker, then the shared one. */
	private final ArrayDeque<Batch>[] queues;

	private final int[] bounds;

	/** Each queue's size, written under the lock, read without it by waiting workers. */
	private final AtomicIntegerArray sizes;

	private final Condition[] ready;

	private final boolean[] waiting;

	private final BriefWait[] briefWaits;

	/** Workers in their brief wait, which will see a batch of the shared queue. */
	private final AtomicInteger briefWaiting = new AtomicInteger();

	private final BooleanSupplier[] hasWork;

	private final Runnable onRoom;

	private final int shared;

	/** Per queue, whether an offer was refused since the batcher was last nudged. */
	private final boolean[] roomWanted;

	private volatile boolean closed;

	/**
	 * Creates the dispatcher of one batcher.
	 * @param workers how many batch workers take from it
	 * @param onRoom run, on a worker's thread, when a take makes room after an
	 * {@link #offer} was refused
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	BatchDispatcher(int workers, Runnable onRoom) {
		this.shared = workers;
		this.queues = new ArrayDeque[workers + 1];
		this.bounds = new int[workers + 1];
		this.sizes = new AtomicIntegerArray(workers + 1);
		this.ready = new Condition[workers];
		this.waiting = new boolean[workers];
		this.briefWaits = new BriefWait[workers];
		this.hasWork = new BooleanSupplier[workers];
		this.roomWanted = new boolean[workers + 1];
		for (int i = 0; i <= workers; i++) {
			this.bounds[i] = (i == workers) ? WAITING_PER_WORKER * workers : WAITING_PER_WORKER;
			this.queues[i] = new ArrayDeque<>(this.bounds[i] + 1);
		}
		for (int w = 0; w < workers; w++) {
			int worker = w;
			this.ready[w] = this.lock.newCondition();
			this.briefWaits[w] = new BriefWait();
			this.hasWork[w] = () -> this.sizes.get(worker) != 0 || this.sizes.get(this.shared) != 0 || this.closed;
		}
		this.onRoom = onRoom;
	}

	/**
	 * Hands a batch over if its queue has room; never waits.
	 * @param batch the batch
	 * @param worker the worker that must handle it, or {@link #ANY_WORKER}
	 * @return whether the batch was taken; when not, the take that leaves the queue half
	 * empty runs the {@code onRoom} callback
	 */
	boolean offer(Batch batch, int worker) {
		int index = (worker == ANY_WORKER) ? this.shared : worker;
		this.lock.lock();
		try {
			ArrayDeque<Batch> queue = this.queues[index];
			if (queue.size() >= this.bounds[index]) {
				this.roomWanted[index] = true;
				return false;
			}
			queue.addLast(batch);
			this.sizes.set(index, queue.size());
			wake(index);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void wake(int index) {
		if (index != this.shared) {
			if (this.waiting[index]) {
				this.ready[index].signal();
			}
			return;
		}
		if (this.briefWaiting.get() > 0) {
			return;
		}
		for (int w = 0; w < this.waiting.length; w++) {
			if (this.waiting[w]) {
				this.ready[w].signal();
				return;
			}
		}
	}

	/**
	 * Takes the next batch for a worker, waiting until there is one.
	 * @param worker the worker's index
	 * @return the batch, or {@code null} when the dispatcher is closed and has nothing
	 * for the worker
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable Batch take(int worker) throws InterruptedException {
		this.briefWaiting.incrementAndGet();
		try {
			this.briefWaits[worker].await(this.hasWork[worker]);
		}
		finally {
			this.briefWaiting.decrementAndGet();
		}
		Batch batch;
		boolean room;
		BriefWait.lock(this.lock);
		try {
			int index;
			while (true) {
				if (!this.queues[worker].isEmpty()) {
					index = worker;
					break;
				}
				if (!this.queues[this.shared].isEmpty()) {
					index = this.shared;
					break;
				}
				if (this.closed) {
					return null;
				}
				this.waiting[worker] = true;
				try {
					this.ready[worker].await();
				}
				finally {
					this.waiting[worker] = false;
				}
			}
			ArrayDeque<Batch> queue = this.queues[index];
			batch = queue.pollFirst();
			this.sizes.set(index, queue.size());
			room = this.roomWanted[index] && queue.size() <= this.bounds[index] / 2;
			if (room) {
				this.roomWanted[index] = false;
			}
			if (!this.queues[this.shared].isEmpty()) {
				wake(this.shared);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (room) {
			this.onRoom.run();
		}
		return batch;
	}

	/** No more batches will come; workers end once they have taken what is left. */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			for (Condition condition : this.ready) {
				condition.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	int queued() {
		int queued = 0;
		for (int i = 0; i < this.sizes.length(); i++) {
			queued += this.sizes.get(i);
		}
		return queued;
	}

}
