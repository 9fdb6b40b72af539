package dev.pipeline.core.internal;

import java.util.ArrayDeque;

/**
 * The way from a batcher to its {@link BatchDispatcher}, with the batches the dispatcher
 * had no room for: kept per queue (one per worker, then the shared one), in order, and
 * offered again once it has room, so a batch never overtakes one kept for its queue. Used
 * by one thread at a time, whichever holds the batcher's turn.
 */
final class HeldBatches {

	private final BatchDispatcher dispatcher;

	private final int workers;

	private final ArrayDeque<Batch>[] held;

	private int count;

	/**
	 * @param dispatcher the batcher's dispatcher
	 * @param workers its batch workers
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	HeldBatches(BatchDispatcher dispatcher, int workers) {
		this.dispatcher = dispatcher;
		this.workers = workers;
		this.held = new ArrayDeque[workers + 1];
		for (int i = 0; i < this.held.length; i++) {
			this.held[i] = new ArrayDeque<>();
		}
	}

	/**
	 * Hands a batch to the dispatcher, or keeps it when its queue is full or already has
	 * batches kept.
	 * @param batch the batch
	 * @param worker the worker that must handle it, or {@link BatchDispatcher#ANY_WORKER}
	 * @return whether the dispatcher took it
	 */
	boolean offer(Batch batch, int worker) {
		ArrayDeque<Batch> kept = this.held[(worker == BatchDispatcher.ANY_WORKER) ? this.workers : worker];
		if (kept.isEmpty() && this.dispatcher.offer(batch, worker)) {
			return true;
		}
		kept.addLast(batch);
		this.count++;
		return false;
	}

	/**
	 * Offers the kept batches again, in order per queue; the dispatcher nudges the
	 * batcher's inbox when a queue that refused one has room.
	 * @return how many messages the dispatcher took
	 */
	int offerAgain() {
		int passed = 0;
		for (int queue = 0; queue < this.held.length && this.count > 0; queue++) {
			ArrayDeque<Batch> kept = this.held[queue];
			int worker = (queue == this.workers) ? BatchDispatcher.ANY_WORKER : queue;
			while (!kept.isEmpty() && this.dispatcher.offer(kept.peekFirst(), worker)) {
				passed += kept.pollFirst().messages().size();
				this.count--;
			}
		}
		return passed;
	}

	/**
	 * @return whether no batch is kept
	 */
	boolean isEmpty() {
		return this.count == 0;
	}

}
