package dev.pipeline.core.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How a consumer waits a little for a hand-off before it parks, as adaptive spinning
 * does: spin, then yield the core to the stages that may be about to hand over. The yield
 * budget grows while yielding pays off (a saturated pipeline, where parking and waking on
 * every hand-off would cost more than the work) and shrinks to nothing while it does not
 * (a pipeline fed slowly by a broker, where it would only burn CPU). Owned by one waiting
 * side; the budget is racy by design, only a hint.
 */
final class BriefWait {

	/** How many times a wait spins before it yields. */
	static final int SPINS = 64;

	/** The most times a wait yields its core before it parks. */
	static final int MAX_YIELDS = 50;

	/** How many times a thread yields for a lock another thread holds before it parks. */
	private static final int LOCK_YIELDS = 8;

	private int yieldBudget = MAX_YIELDS;

	/**
	 * Takes a lock that is held only to move a chunk: while another thread holds it,
	 * spins (it is usually free again within a few spins), then yields (its holder may
	 * have lost its core, which a yield gives back), and only then parks. On two cores a
	 * park and the wake-up it needs cost more than the wait.
	 * @param lock the lock
	 * @throws InterruptedException if interrupted while parked for the lock
	 */
	static void lock(ReentrantLock lock) throws InterruptedException {
		if (lock.tryLock()) {
			return;
		}
		for (int spin = 0; spin < SPINS; spin++) {
			Thread.onSpinWait();
			if (!lock.isLocked() && lock.tryLock()) {
				return;
			}
		}
		for (int spin = 0; spin < LOCK_YIELDS; spin++) {
			Thread.yield();
			if (lock.tryLock()) {
				return;
			}
		}
		lock.lockInterruptibly();
	}

	/**
	 * Spins, then yields, until {@code ready} holds or the budget is spent.
	 * @param ready whether the hand-off has come; read without a lock
	 * @return whether it came
	 */
	boolean await(BooleanSupplier ready) {
		if (ready.getAsBoolean()) {
			return true;
		}
		for (int spin = 0; spin < SPINS; spin++) {
			Thread.onSpinWait();
			if (ready.getAsBoolean()) {
				return true;
			}
		}
		int budget = this.yieldBudget;
		for (int spin = 0; spin < budget; spin++) {
			Thread.yield();
			if (ready.getAsBoolean()) {
				this.yieldBudget = Math.min(MAX_YIELDS, budget + 1);
				return true;
			}
		}
		this.yieldBudget = Math.max(0, budget - 1);
		return false;
	}

	/**
	 * @return how many times a wait yields now before it parks
	 */
	int yieldBudget() {
		return this.yieldBudget;
	}

}
