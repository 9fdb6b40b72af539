package dev.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>
 * Lending: a poll thread that waits for demand with records in hand may lend its emission
 * ({@link #awaitDemand} with an emission): the thread whose demand reaches what it waits
 * for then emits on its behalf, on its own thread, instead of waking it, and wakes it
 * only when the emission says the poll thread is needed (its records are all handed over,
 * or something only it may do is due). One thread holds the poll thread's role at a time
 * ({@link #role}): the poll thread itself, or one lender while it waits; the atomic
 * hand-over of the role orders everything either side wrote. Demand that comes while the
 * emission is lent leaves a note ({@link #demandAgain}) for the lender, which looks again
 * before it gives the role back, so none is missed.
 */
final class Handover {

	/** The poll thread holds its role: demand wakes it. */
	private static final int RUNNING = 0;

	/** The poll thread waits and lends its emission to the thread that brings demand. */
	private static final int LENDING = 1;

	/** A thread that brought demand emits on the poll thread's behalf. */
	private static final int LENT = 2;

	/** How long a poll thread parks at a time while a long lent emission goes on. */
	private static final long ROLE_BACK_PARK_NANOS = 100_000;

	private final AtomicInteger role = new AtomicInteger(RUNNING);

	/** The waiter's emission while it lends it, else null. */
	private volatile @Nullable BooleanSupplier lentEmission;

	/** Whether demand worth using came since the lender last looked. */
	private volatile boolean demandAgain;

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
		if (demand < this.demandWanted) {
			return;
		}
		BooleanSupplier emission = this.lentEmission;
		if (emission == null) {
			signal();
			return;
		}
		this.demandAgain = true;
		while (true) {
			if (this.role.compareAndSet(LENDING, LENT)) {
				emitLent(emission);
				return;
			}
			int now = this.role.get();
			if (now == RUNNING) {
				// about to wait, or just woken: the wake or its next turn sees the demand
				signal();
				return;
			}
			if (now == LENT) {
				// the lender sees the note before it gives the role back
				return;
			}
			// LENDING again: the waiter went on to park after the try above
		}
	}

	/**
	 * Emits on the waiting poll thread's behalf, again while demand came meanwhile, then
	 * gives the role back; wakes the poll thread when the emission says it is needed or
	 * fails.
	 * @param emission emits what the demand allows; returns whether the poll thread is
	 * needed now
	 */
	private void emitLent(BooleanSupplier emission) {
		boolean wake = true;
		try {
			while (true) {
				this.demandAgain = false;
				wake = true;
				wake = emission.getAsBoolean();
				if (wake) {
					return;
				}
				this.role.set(LENDING);
				if (!this.demandAgain || !this.role.compareAndSet(LENDING, LENT)) {
					return;
				}
			}
		}
		finally {
			if (wake) {
				this.role.set(LENDING);
				signal();
			}
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
		awaitDemand(nanos, 1, true, ready, null);
	}

	/**
	 * Parks the poll thread until the demand available reaches {@code demandWanted}, a
	 * settlement that needs it arrives (any settlement when {@code settlementsWanted}),
	 * {@code ready} holds, or the time is up; with an emission, lends it meanwhile to the
	 * thread that brings the demand, and returns once it holds its role again.
	 * @param nanos the longest wait
	 * @param demandWanted the demand worth waking for
	 * @param settlementsWanted whether successful acknowledgements end the wait
	 * @param ready another reason to wake up, checked after announcing the wait; it
	 * should hold once the demand reaches {@code demandWanted}
	 * @param emission emits on the poll thread's behalf and says whether the poll thread
	 * is needed now; runs on the thread that brought the demand, never at the same time
	 * as the poll thread; null to be woken instead
	 */
	void awaitDemand(long nanos, long demandWanted, boolean settlementsWanted, BooleanSupplier ready,
			@Nullable BooleanSupplier emission) {
		if (nanos <= 0) {
			return;
		}
		this.demandWanted = Math.max(1, demandWanted);
		this.settlementsWanted = settlementsWanted;
		this.waiter = Thread.currentThread();
		this.lentEmission = emission;
		try {
			boolean settlementWaits = settlementsWanted ? !this.settlements.isEmpty() : this.urgent;
			if (!settlementWaits && !ready.getAsBoolean()) {
				if (emission != null) {
					this.role.set(LENDING);
				}
				LockSupport.parkNanos(this, nanos);
			}
		}
		finally {
			if (emission != null) {
				takeRoleBack();
				this.lentEmission = null;
			}
			this.waiter = null;
			this.demandWanted = 1;
			this.settlementsWanted = true;
		}
	}

	/**
	 * Waits for a lender to give the poll thread's role back: spins and yields (an
	 * emission is usually short), then parks a little at a time (it may wait for room or
	 * for a rate limit's next interval).
	 */
	private void takeRoleBack() {
		int tries = 0;
		while (!this.role.compareAndSet(LENDING, RUNNING) && this.role.get() != RUNNING) {
			tries++;
			if (tries < 64) {
				Thread.onSpinWait();
			}
			else if (tries < 128) {
				Thread.yield();
			}
			else {
				LockSupport.parkNanos(this, ROLE_BACK_PARK_NANOS);
			}
		}
	}

}
