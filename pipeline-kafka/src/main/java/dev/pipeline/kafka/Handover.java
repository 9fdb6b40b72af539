package dev.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Hands settlements from any thread to the poll thread, and wakes the poll thread when
 * there is something for it to do now: demand enough for the records it holds, a failed
 * record, or, when the waiter asks for them, any settlement.
 *
 * <p>
 * A poll thread that waits for demand names the demand that makes its wait worth ending
 * ({@link #awaitDemand}); smaller additions leave it parked, so a pipeline whose
 * processors ask a chunk's worth at a time wakes it once per slice, not once per ask.
 * Successful acknowledgements wake it only when it asked for them: it settles them at its
 * next turn, which the demand that comes with them starts anyway.
 */
final class Handover {

	private final ConcurrentLinkedQueue<Settlement> settlements = new ConcurrentLinkedQueue<>();

	private volatile @Nullable Thread waiter;

	/** The total demand at which the waiter wants waking. */
	private volatile long demandWanted = 1;

	/** Whether the waiter wants waking for successful acknowledgements too. */
	private volatile boolean settlementsWanted = true;

	/** Whether a settlement that needs the poll thread came since the last drain. */
	private volatile boolean urgent;

	void add(Settlement settlement) {
		this.settlements.add(settlement);
		if (settlement.needsPollThread()) {
			this.urgent = true;
			signal();
		}
		else if (this.settlementsWanted) {
			signal();
		}
	}

	/**
	 * Wakes the waiter when the demand now available reaches what it waits for.
	 * @param demand the demand available after an addition
	 */
	void demandAdded(long demand) {
		if (demand >= this.demandWanted) {
			signal();
		}
	}

	void signal() {
		Thread thread = this.waiter;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

	List<Settlement> drain() {
		this.urgent = false;
		List<Settlement> all = new ArrayList<>();
		Settlement next;
		while ((next = this.settlements.poll()) != null) {
			all.add(next);
		}
		return all;
	}

	/**
	 * Parks the poll thread until a settlement or any demand arrives, {@code ready}
	 * holds, or the time is up.
	 * @param nanos the longest wait
	 * @param ready another reason to wake up, checked after announcing the wait
	 */
	void await(long nanos, BooleanSupplier ready) {
		awaitDemand(nanos, 1, true, ready);
	}

	/**
	 * Parks the poll thread until the demand available reaches {@code demandWanted}, a
	 * settlement that needs it arrives (any settlement when {@code settlementsWanted}),
	 * {@code ready} holds, or the time is up.
	 * @param nanos the longest wait
	 * @param demandWanted the demand worth waking for
	 * @param settlementsWanted whether successful acknowledgements end the wait
	 * @param ready another reason to wake up, checked after announcing the wait; it
	 * should hold once the demand reaches {@code demandWanted}
	 */
	void awaitDemand(long nanos, long demandWanted, boolean settlementsWanted, BooleanSupplier ready) {
		if (nanos <= 0) {
			return;
		}
		this.demandWanted = Math.max(1, demandWanted);
		this.settlementsWanted = settlementsWanted;
		this.waiter = Thread.currentThread();
		try {
			boolean settlementWaits = settlementsWanted ? !this.settlements.isEmpty() : this.urgent;
			if (!settlementWaits && !ready.getAsBoolean()) {
				LockSupport.parkNanos(this, nanos);
			}
		}
		finally {
			this.waiter = null;
			this.demandWanted = 1;
			this.settlementsWanted = true;
		}
	}

}
