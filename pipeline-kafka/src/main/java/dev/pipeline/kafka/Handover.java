package dev.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Hands settlements from any thread to the poll thread, and wakes the poll thread when
 * there is something for it: a settlement, or demand while records wait.
 */
final class Handover {

	private final ConcurrentLinkedQueue<Settlement> settlements = new ConcurrentLinkedQueue<>();

	private volatile @Nullable Thread waiter;

	void add(Settlement settlement) {
		this.settlements.add(settlement);
		signal();
	}

	void signal() {
		Thread thread = this.waiter;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

	List<Settlement> drain() {
		List<Settlement> all = new ArrayList<>();
		Settlement next;
		while ((next = this.settlements.poll()) != null) {
			all.add(next);
		}
		return all;
	}

	/**
	 * Parks the poll thread until a settlement arrives, {@code ready} holds, or the time
	 * is up.
	 * @param nanos the longest wait
	 * @param ready another reason to wake up, checked after announcing the wait
	 */
	void await(long nanos, BooleanSupplier ready) {
		if (nanos <= 0) {
			return;
		}
		this.waiter = Thread.currentThread();
		try {
			if (this.settlements.isEmpty() && !ready.getAsBoolean()) {
				LockSupport.parkNanos(this, nanos);
			}
		}
		finally {
			this.waiter = null;
		}
	}

}
