package dev.pipeline.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, closable FIFO of messages between two stages, counted in messages and handed
 * over in chunks: producers {@link #put} a chunk under one lock acquisition, a consumer
 * {@link #take}s up to a chunk's worth.
 *
 * <p>
 * A put waits while the buffer is full; a chunk larger than the free room goes in whole
 * once the buffer is empty, so a chunk never waits for room it can never have. A take
 * waits until there is something, the buffer is closed, or its timeout passes. After
 * {@link #close()}, takes return what is left, then {@code null}. Waiting consumers, and
 * producers waiting for room, spin and yield briefly before they park
 * ({@link BriefWait}), since on a busy pipeline the other side usually comes shortly, and
 * a yield hands it the core for less than a park and a wake-up cost. A take also ends
 * when another stage {@linkplain #nudge() nudges} the consumer.
 */
final class MessageBuffer {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private final ArrayDeque<Message<?>> messages;

	private final int capacity;

	private final BriefWait briefWait = new BriefWait();

	private final BooleanSupplier takeReady = () -> this.size != 0 || this.nudged || this.closed;

	/** How putters wait for room, shared by them: its budget is only a hint. */
	private final BriefWait roomWait = new BriefWait();

	private final BooleanSupplier nudgeReady = () -> this.nudged;

	private volatile int size;

	private volatile boolean closed;

	/** Set by {@link #nudge()}, cleared by the wait it ends. */
	private volatile boolean nudged;

	private int takersWaiting;

	private int puttersWaiting;

	MessageBuffer(int capacity) {
		this.capacity = capacity;
		this.messages = new ArrayDeque<>(Math.min(capacity, 1 << 16) + 1);
	}

	/**
	 * Adds messages, waiting for room.
	 * @param chunk the messages, added in order
	 * @throws InterruptedException if interrupted while waiting for room
	 */
	void put(List<? extends Message<?>> chunk) throws InterruptedException {
		int n = chunk.size();
		if (n == 0) {
			return;
		}
		if (mustWaitForRoom(n)) {
			// The consumer usually takes everything at once: give it the core before
			// parking
			this.roomWait.await(() -> !mustWaitForRoom(n));
		}
		ReentrantLock lock = this.lock;
		BriefWait.lock(lock);
		try {
			while (mustWaitForRoom(n)) {
				this.puttersWaiting++;
				try {
					this.notFull.await();
				}
				finally {
					this.puttersWaiting--;
				}
			}
			ArrayDeque<Message<?>> queue = this.messages;
			for (int i = 0; i < n; i++) {
				queue.addLast(chunk.get(i));
			}
			this.size = queue.size();
			if (this.takersWaiting > 0) {
				this.notEmpty.signal();
			}
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Whether a chunk of {@code n} must wait: the buffer holds something and has no room
	 * for the whole chunk, and is not closed. Read with or without the lock.
	 */
	private boolean mustWaitForRoom(int n) {
		return this.size > 0 && this.size + n > this.capacity && !this.closed;
	}

	/**
	 * Adds one message, waiting for room.
	 * @param message the message
	 * @throws InterruptedException if interrupted while waiting for room
	 */
	void put(Message<?> message) throws InterruptedException {
		put(List.of(message));
	}

	/**
	 * Puts each message in the buffer its target names, keeping their order within each
	 * buffer: all at once when they share one target.
	 * @param buffers the buffers
	 * @param messages the messages
	 * @param targets for each message, the index of its buffer, or -1 to put it nowhere
	 * @throws InterruptedException if interrupted while waiting for room
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static void putEach(MessageBuffer[] buffers, List<? extends Message<?>> messages, int[] targets)
			throws InterruptedException {
		int n = targets.length;
		int only = (n > 0) ? targets[0] : -1;
		for (int i = 1; i < n && only >= 0; i++) {
			if (targets[i] != only) {
				only = -1;
			}
		}
		if (only >= 0) {
			buffers[only].put(messages);
			return;
		}
		List<Message<?>>[] parts = new List[buffers.length];
		for (int i = 0; i < n; i++) {
			int target = targets[i];
			if (target >= 0) {
				if (parts[target] == null) {
					parts[target] = new ArrayList<>();
				}
				parts[target].add(messages.get(i));
			}
		}
		for (int i = 0; i < parts.length; i++) {
			if (parts[i] != null) {
				buffers[i].put(parts[i]);
			}
		}
	}

	/**
	 * Takes up to {@code max} messages.
	 * @param max the most to take, 1 or more
	 * @param timeoutNanos how long to wait when empty; negative to wait until there is
	 * something or the buffer closes
	 * @return the messages, an empty list when the wait timed out or was
	 * {@linkplain #nudge() nudged}, or {@code null} when closed and empty
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable ArrayList<Message<?>> take(int max, long timeoutNanos) throws InterruptedException {
		if (timeoutNanos != 0) {
			// A take that may not wait has nothing to spin for
			this.briefWait.await(this.takeReady);
		}
		ReentrantLock lock = this.lock;
		BriefWait.lock(lock);
		try {
			long remaining = timeoutNanos;
			while (this.size == 0) {
				if (this.closed) {
					return null;
				}
				if (this.nudged) {
					this.nudged = false;
					return new ArrayList<>(0);
				}
				if (timeoutNanos >= 0 && remaining <= 0) {
					return new ArrayList<>(0);
				}
				this.takersWaiting++;
				try {
					if (timeoutNanos < 0) {
						this.notEmpty.await();
					}
					else {
						remaining = this.notEmpty.awaitNanos(remaining);
					}
				}
				finally {
					this.takersWaiting--;
				}
			}
			return removeFirst(max);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Takes up to {@code max} messages if there are any, without waiting; unlike a
	 * {@link #take}, it leaves a {@linkplain #nudge() nudge} for the consumer's wait.
	 * @param max the most to take, 1 or more
	 * @return the messages, or {@code null} when the buffer is empty
	 * @throws InterruptedException if interrupted while waiting for the lock
	 */
	@Nullable ArrayList<Message<?>> poll(int max) throws InterruptedException {
		if (this.size == 0) {
			return null;
		}
		ReentrantLock lock = this.lock;
		BriefWait.lock(lock);
		try {
			return (this.messages.isEmpty()) ? null : removeFirst(max);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Removes up to {@code max} messages, holding the lock, and signals who may go on.
	 */
	private ArrayList<Message<?>> removeFirst(int max) {
		ArrayDeque<Message<?>> queue = this.messages;
		int n = Math.min(max, queue.size());
		ArrayList<Message<?>> chunk = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			chunk.add(queue.pollFirst());
		}
		int left = queue.size();
		this.size = left;
		if (this.puttersWaiting > 0) {
			this.notFull.signalAll();
		}
		if (left > 0 && this.takersWaiting > 0) {
			this.notEmpty.signal();
		}
		return chunk;
	}

	/**
	 * Ends the wait of the consumer, or its next one when it is not waiting: a take
	 * waiting on an empty buffer returns an empty list once, as if its timeout had
	 * passed, and {@link #awaitNudge} returns. Called by another stage that has something
	 * for the consumer to do besides taking, and by a clock's timer at a deadline the
	 * consumer waits for.
	 */
	void nudge() {
		this.lock.lock();
		try {
			this.nudged = true;
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits, without taking anything, until {@link #nudge()} is called or the timeout
	 * passes.
	 * @param timeoutNanos how long to wait; negative to wait for the nudge
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitNudge(long timeoutNanos) throws InterruptedException {
		if (timeoutNanos != 0) {
			this.briefWait.await(this.nudgeReady);
		}
		ReentrantLock lock = this.lock;
		lock.lockInterruptibly();
		try {
			long remaining = timeoutNanos;
			while (!this.nudged) {
				if (timeoutNanos >= 0 && remaining <= 0) {
					return;
				}
				if (timeoutNanos < 0) {
					this.notEmpty.await();
				}
				else {
					remaining = this.notEmpty.awaitNanos(remaining);
				}
			}
			this.nudged = false;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Lets takers empty the buffer and then see {@code null}, and ends a wait for a
	 * {@linkplain #nudge() nudge} as one would; puts still go in.
	 */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.nudged = true;
			this.notEmpty.signalAll();
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * @return whether the buffer is closed and empty; nothing more comes once every
	 * producer that puts has ended before the close
	 */
	boolean drained() {
		return this.closed && this.size == 0;
	}

	/**
	 * @return how many messages are waiting, as last seen
	 */
	int size() {
		return this.size;
	}

	/**
	 * @return the most messages the buffer holds before a put waits
	 */
	int capacity() {
		return this.capacity;
	}

}
