package dev.pipeline.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchTrigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off from a batcher to its batch workers under contention: every batch is taken
 * once, a keyed batch by its own worker and in the order it was offered, a batch of the
 * shared queue by whichever worker is free, and no batch is left waiting while a worker
 * that could take it waits, whether the workers were parked or waiting briefly when it
 * came.
 */
class BatchDispatcherTests {

	private static final int WORKERS = 2;

	private static final int BATCHES = 100_000;

	private static final int BLOCK = 64;

	private final Semaphore room = new Semaphore(0);

	private final BatchDispatcher dispatcher = new BatchDispatcher(WORKERS, this.room::release);

	@Test
	void whenBatchesForEveryQueueFlowThenEachIsTakenOnceByAWorkerThatMayTakeItInOrderPerWorker() throws Exception {
		AtomicIntegerArray taken = new AtomicIntegerArray(BATCHES);
		List<List<Integer>> keyedSeen = new ArrayList<>();
		List<Thread> workers = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			int worker = w;
			List<Integer> seen = new ArrayList<>();
			keyedSeen.add(seen);
			Thread thread = new Thread(() -> take(worker, taken, seen), "worker-" + w);
			thread.start();
			workers.add(thread);
		}

		offerAll(workers);
		this.dispatcher.close();
		for (Thread worker : workers) {
			worker.join(TimeUnit.SECONDS.toMillis(60));
			assertThat(worker.isAlive()).as("%s ended", worker.getName()).isFalse();
		}

		for (int id = 0; id < BATCHES; id++) {
			assertThat(taken.get(id)).as("times batch %d was taken", id).isEqualTo(1);
		}
		for (int w = 0; w < WORKERS; w++) {
			int worker = w;
			List<Integer> seen = keyedSeen.get(w);
			assertThat(seen).as("keyed batches of worker %d", w).isSorted();
			assertThat(seen).as("keyed batches of worker %d", w).allMatch((id) -> queueOf(id) == worker);
		}
	}

	/**
	 * Offers batches as a batcher does: keeps what a full queue refuses, in order, and
	 * offers it again when the dispatcher says a queue has room. Every other block starts
	 * once both workers have parked, so that its batches must wake them.
	 */
	private void offerAll(List<Thread> workers) throws InterruptedException {
		List<ArrayDeque<Batch>> held = new ArrayList<>();
		for (int q = 0; q <= WORKERS; q++) {
			held.add(new ArrayDeque<>());
		}
		for (int id = 0; id < BATCHES; id++) {
			if (id % (2 * BLOCK) == 0) {
				awaitParked(workers);
			}
			Batch batch = batch(id);
			int queue = queueOf(id);
			if (!held.get(queue).isEmpty() || !this.dispatcher.offer(batch, worker(queue))) {
				held.get(queue).addLast(batch);
			}
			while (held.stream().mapToInt(ArrayDeque::size).sum() > 0) {
				if (offerHeld(held)) {
					break;
				}
				assertThat(this.room.tryAcquire(10, TimeUnit.SECONDS)).as("a queue had room again").isTrue();
			}
		}
	}

	private static void awaitParked(List<Thread> workers) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!workers.stream().allMatch((worker) -> worker.getState() == Thread.State.WAITING)) {
			assertThat(System.nanoTime() - deadline).as("the workers parked within 10 s").isNegative();
			Thread.yield();
		}
	}

	/**
	 * @return whether every held batch was taken
	 */
	private boolean offerHeld(List<ArrayDeque<Batch>> held) {
		boolean all = true;
		for (int q = 0; q <= WORKERS; q++) {
			ArrayDeque<Batch> batches = held.get(q);
			while (!batches.isEmpty() && this.dispatcher.offer(batches.peekFirst(), worker(q))) {
				batches.pollFirst();
			}
			all &= batches.isEmpty();
		}
		return all;
	}

	private void take(int worker, AtomicIntegerArray taken, List<Integer> keyedSeen) {
		try {
			long handled = 0;
			Batch batch;
			while ((batch = this.dispatcher.take(worker)) != null) {
				int id = (int) batch.info().batchKey();
				taken.incrementAndGet(id);
				if (queueOf(id) != WORKERS) {
					keyedSeen.add(id);
				}
				// Now and then a slow batch, so that the other worker waits long enough
				// to
				// park
				if (++handled % 1_000 == 0) {
					long until = System.nanoTime() + 200_000;
					while (System.nanoTime() - until < 0) {
						Thread.onSpinWait();
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Batch {@code id} goes, in blocks of {@value #BLOCK}, to the shared queue only, then
	 * to each queue in turn: a block of shared batches alone needs the workers woken for
	 * them, since no batch of their own wakes them.
	 */
	private static int queueOf(int id) {
		return ((id / BLOCK) % 2 == 0) ? WORKERS : id % (WORKERS + 1);
	}

	private static int worker(int queue) {
		return (queue == WORKERS) ? BatchDispatcher.ANY_WORKER : queue;
	}

	private static Batch batch(int id) {
		return new Batch(List.of(), new BatchInfo("batcher", id, -1, 0, BatchTrigger.SIZE));
	}

}
