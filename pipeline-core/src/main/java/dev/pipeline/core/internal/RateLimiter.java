package dev.pipeline.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import dev.pipeline.core.PipelineClock;
import dev.pipeline.core.RateLimit;
import org.jspecify.annotations.Nullable;

/**
 * Shares a budget of messages per interval among a pipeline's producers (Broadway's
 * RateLimiter). Demand that finds the budget spent is held back by the
 * {@link ProducerStage} and released at the next interval; a message a source emits
 * beyond its demand takes from the same budget, and its emitter waits for the next
 * interval when the budget is spent.
 *
 * <p>
 * A change of limit applies from the next interval, as in Broadway: the budget of the
 * current one is left as it is, whether the new limit is higher or lower. A change that
 * resets the interval starts a new one at once, with the new limit's full budget.
 *
 * <p>
 * Intervals follow the pipeline's {@link PipelineClock}; the next one is scheduled when
 * one starts, so a new interval length applies from the next interval too.
 */
final class RateLimiter {

	private final AtomicLong tokens = new AtomicLong();

	private final PipelineClock clock;

	private final Runnable onReset;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition nextInterval = this.lock.newCondition();

	/** The thread running a reset's release of demand, which must never wait for one. */
	private volatile @Nullable Thread resetting;

	private volatile RateLimit limit;

	/** Guarded by {@link #lock}. */
	private PipelineClock.@Nullable Scheduled next;

	/** How many intervals have started; guarded by {@link #lock}. */
	private long intervals;

	/** Guarded by {@link #lock}. */
	private boolean running;

	RateLimiter(RateLimit limit, PipelineClock clock, Runnable onReset) {
		this.limit = limit;
		this.clock = clock;
		this.onReset = onReset;
	}

	void start() {
		this.lock.lock();
		try {
			this.running = true;
			this.tokens.set(this.limit.allowedMessages());
			scheduleNext();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes up to {@code wanted} messages from this interval's budget.
	 * @param wanted messages wanted
	 * @return messages granted, 0 to {@code wanted}
	 */
	int acquire(int wanted) {
		while (true) {
			long available = this.tokens.get();
			if (available <= 0) {
				return 0;
			}
			int granted = (int) Math.min(wanted, available);
			if (this.tokens.compareAndSet(available, available - granted)) {
				return granted;
			}
		}
	}

	/**
	 * Takes {@code count} messages from the budget even when it is spent, so they count
	 * against the next intervals. For the one thread that must not wait: the one that
	 * releases demand at the start of an interval, where a source that emits beyond its
	 * demand from inside {@code request} would otherwise wait for itself.
	 * @param count the messages
	 * @return whether the calling thread is that thread (and the messages were counted)
	 */
	boolean borrowIfResetting(int count) {
		if (this.resetting != Thread.currentThread()) {
			return false;
		}
		this.tokens.addAndGet(-count);
		return true;
	}

	/**
	 * Waits until the next interval starts, the limiter stops, or {@code giveUp} says to
	 * stop waiting.
	 * @param giveUp checked under the lock before waiting and after each wake-up
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitNextInterval(BooleanSupplier giveUp) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			long seen = this.intervals;
			while (this.intervals == seen && this.running && !giveUp.getAsBoolean()) {
				this.nextInterval.await();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Wakes the emitters waiting for the next interval, so they check why they wait. */
	void wakeWaiters() {
		this.lock.lock();
		try {
			this.nextInterval.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Changes the limit.
	 * @param newLimit the new limit
	 * @param resetInterval whether to start a new interval now, with the new limit's full
	 * budget; otherwise the new limit applies from the next interval
	 */
	void update(RateLimit newLimit, boolean resetInterval) {
		this.lock.lock();
		try {
			this.limit = newLimit;
			if (!resetInterval || !this.running) {
				return;
			}
			if (this.next != null) {
				this.next.cancel();
			}
		}
		finally {
			this.lock.unlock();
		}
		reset();
	}

	void stop() {
		this.lock.lock();
		try {
			this.running = false;
			if (this.next != null) {
				this.next.cancel();
				this.next = null;
			}
			this.nextInterval.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	RateLimit limit() {
		return this.limit;
	}

	long remaining() {
		return Math.max(0, this.tokens.get());
	}

	/** Starts an interval: a full budget, less what was borrowed, then held demand. */
	private void reset() {
		this.lock.lock();
		try {
			if (!this.running) {
				return;
			}
			long debt = Math.min(0, this.tokens.get());
			this.tokens.set(this.limit.allowedMessages() + debt);
			this.intervals++;
			scheduleNext();
			this.nextInterval.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		Thread previous = this.resetting;
		this.resetting = Thread.currentThread();
		try {
			this.onReset.run();
		}
		finally {
			this.resetting = previous;
		}
	}

	private void scheduleNext() {
		this.next = this.clock.schedule(this::reset, this.limit.interval().toNanos());
	}

}
