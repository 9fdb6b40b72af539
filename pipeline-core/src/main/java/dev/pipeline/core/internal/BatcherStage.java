package dev.pipeline.core.internal;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineClock;

/**
 * One batcher: groups the messages processors send it into batches, one open batch per
 * batch key (and per partition when it is partitioned), and emits a batch when it is full
 * (by count or by bytes), when its timeout has passed since its first message, when a
 * message in flush mode asks, or when the pipeline drains.
 *
 * <p>
 * Batches are formed by whichever thread holds the batcher's turn: a processor that has
 * just handed over a chunk forms them on its own thread when no other thread is at it
 * (see {@link #hand}), so a busy pipeline pays no wake-up of the batcher's thread per
 * chunk; a batch worker whose take made room for held batches hands them over and forms
 * what waited behind them on its own thread (see {@link #roomMade}); the batcher's own
 * thread expires batches at their deadlines, does the same when no other thread could,
 * and flushes on a drain. One thread at a time, so the batcher's figures keep a single
 * writer at a time.
 *
 * <p>
 * Every batch of a batcher has the same timeout, so open batches expire in the order they
 * were opened; they are kept in that order and only the oldest deadline is ever waited
 * for.
 *
 * <p>
 * An emitted batch goes to its worker's queue in the {@link BatchDispatcher}. When that
 * queue is full, the batcher keeps the batch (in order behind any it already keeps for
 * that queue) and takes no more input until the dispatcher has taken every batch it
 * keeps; meanwhile it still expires batches on time and hands batches to other workers as
 * their queues have room. It never waits on one worker, and what waits for a worker is
 * bounded: its queue, plus at most the batches that were open when the input stopped.
 *
 * <p>
 * Deadlines follow the pipeline's {@link PipelineClock}: on the system clock the batcher
 * waits for the oldest one with a timed wait; on another clock it waits for a wake-up
 * that clock schedules at that deadline.
 *
 * <p>
 * This class decides which thread forms batches and when; the forming itself, and the
 * batches held for a full queue, are its {@link BatchFormer}'s.
 */
final class BatcherStage implements Runnable {

	private final String batcher;

	private final MessageBuffer inbox;

	private final BatchDispatcher dispatcher;

	private final Runnable onExit;

	private final PipelineClock clock;

	/**
	 * Held by whichever thread forms batches: the batcher's own, a processor that has
	 * just handed over a chunk, or a batch worker that made room for held batches. The
	 * {@link #former} and {@link #sleeping} are used holding it.
	 */
	private final ReentrantLock turn = new ReentrantLock();

	private final BatchFormer former;

	/**
	 * Whether the batcher's thread waits with no deadline (no batch open; batches may be
	 * held, which a batch worker hands over): a thread that opens a batch then nudges it,
	 * to wait for that batch's deadline.
	 */
	private boolean sleeping;

	/**
	 * Set by a batch worker whose take made room for held batches, cleared by the thread
	 * that then offers them again, holding the turn.
	 */
	private volatile boolean room;

	private final DeadlineWait deadlineWait;

	BatcherStage(BatcherSettings<?> settings, MessageBuffer inbox, BatchDispatcher dispatcher, Terminal terminal,
			PipelineClock clock, Runnable onExit) {
		this.batcher = settings.name();
		this.clock = clock;
		this.inbox = inbox;
		this.dispatcher = dispatcher;
		this.onExit = onExit;
		this.former = new BatchFormer(settings, dispatcher, terminal);
		this.deadlineWait = new DeadlineWait(clock, inbox::nudge);
	}

	@Override
	public void run() {
		ReentrantLock turn = this.turn;
		try {
			while (true) {
				long wait;
				turn.lockInterruptibly();
				try {
					resume();
					if (this.former.accepting() && this.inbox.drained()) {
						flushAll();
						return;
					}
					this.former.expire(this.clock.nanoTime());
					OpenBatches open = this.former.open();
					wait = open.isEmpty() ? -1 : this.deadlineWait.waitFor(open.oldestDeadline());
					this.sleeping = wait < 0;
				}
				finally {
					turn.unlock();
				}
				// What a processor handed over while this thread had the turn
				help();
				this.inbox.awaitNudge(wait);
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
	 * Hands a processor's chunk to the batcher: into its inbox (waiting while the inbox
	 * is full), then, unless another thread is forming batches or batches are held, into
	 * open batches on the calling thread, so that a busy pipeline pays no wake-up of the
	 * batcher's thread per chunk. Called by processors.
	 * @param chunk the messages, in order
	 * @throws InterruptedException if interrupted while waiting for room
	 */
	void hand(List<Message<?>> chunk) throws InterruptedException {
		MessageBuffer inbox = this.inbox;
		if (inbox.size() == 0 && this.turn.tryLock()) {
			boolean added = false;
			try {
				if (this.former.accepting() && inbox.size() == 0) {
					// Nothing waits before it: straight into the open batches
					this.former.take(chunk, this.clock.nanoTime());
					added = true;
					wakeForDeadline();
				}
			}
			finally {
				this.turn.unlock();
			}
			// Before the put below may wait for room: what was handed over meanwhile
			help();
			if (added) {
				return;
			}
		}
		inbox.put(chunk);
		help();
	}

	/**
	 * Called on a batch worker's thread when its take made room for batches the batcher
	 * holds: hands them over and forms batches from what waited behind them, on that
	 * thread when no other thread holds the turn, so a batcher that got ahead of its
	 * workers does not wait for its own thread to be woken and scheduled. When the turn
	 * is taken, its holder finds the room when it lets go (see {@link #help}); the
	 * batcher's thread is nudged as well, since it may be the holder, waiting for this
	 * room to flush a drain.
	 */
	void roomMade() {
		this.room = true;
		try {
			help();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.room) {
			this.inbox.nudge();
		}
	}

	/**
	 * Offers the held batches again, adds the rest of the chunk they held up once none is
	 * held, then what waits in the inbox; holding the turn.
	 */
	private void resume() throws InterruptedException {
		this.room = false;
		this.former.offerHeld(this.clock.nanoTime());
		drain();
	}

	/**
	 * Forms batches from what waits in the inbox, and hands over held batches once a
	 * worker made room, while no other thread does. A thread that finds the turn taken
	 * leaves its chunk (or the room it made) to the one holding it, so every thread looks
	 * again right after it lets go of the turn, before anything that may wait (a put into
	 * a full inbox): no chunk is left in the inbox with no one to take it, but behind
	 * held batches, which go on once a worker makes room.
	 */
	private void help() throws InterruptedException {
		MessageBuffer inbox = this.inbox;
		ReentrantLock turn = this.turn;
		while ((inbox.size() > 0 || this.room) && turn.tryLock()) {
			boolean held;
			try {
				if (this.room) {
					resume();
				}
				else {
					drain();
				}
				held = this.former.holding();
				wakeForDeadline();
			}
			finally {
				turn.unlock();
			}
			if (held && !this.room) {
				// The worker that makes room next hands them over
				return;
			}
		}
	}

	/**
	 * Nudges the batcher's thread when it waits with no deadline and a batch has opened
	 * since, so that it waits for that batch's deadline; holding the turn.
	 */
	private void wakeForDeadline() {
		if (this.sleeping && !this.former.open().isEmpty()) {
			this.sleeping = false;
			this.inbox.nudge();
		}
	}

	/**
	 * Adds what waits in the inbox to open batches, until it is empty or a batch is held;
	 * holding the turn.
	 */
	private void drain() throws InterruptedException {
		while (this.former.accepting()) {
			List<Message<?>> chunk = this.inbox.poll(Integer.MAX_VALUE);
			if (chunk == null) {
				return;
			}
			this.former.take(chunk, this.clock.nanoTime());
		}
	}

	private void flushAll() throws InterruptedException {
		this.former.closeAll();
		while (this.former.holding()) {
			this.inbox.awaitNudge(-1);
			this.former.offerHeld(this.clock.nanoTime());
		}
	}

	long flushes(BatchTrigger trigger) {
		return this.former.flushes(trigger);
	}

	/**
	 * @return messages waiting in the inbox, not yet taken
	 */
	long queued() {
		return this.inbox.size();
	}

	/**
	 * @return the open batches, for their figures
	 */
	OpenBatches open() {
		return this.former.open();
	}

	WorkerCounters counters() {
		return this.former.counters();
	}

	String name() {
		return this.batcher;
	}

}
