package dev.pipeline.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The figures of one stage worker. Written by one thread at a time (the worker's own, or
 * for a batcher whichever thread holds its turn), with plain arithmetic and an opaque
 * store, so the hot path pays no fence; read by any thread, which sees recent values.
 *
 * <p>
 * Messages count in when the worker takes them ({@link #took}) and out or failed when it
 * passes them on ({@link #passed}), so {@code in - out - failed} is what the worker holds
 * at the moment.
 *
 * <p>
 * Each worker writes its figures after every chunk, and the workers' counters are made
 * one after the other: padding keeps the figures of two workers off one cache line, so
 * that their threads do not slow each other down.
 */
final class WorkerCounters {

	private static final VarHandle IN;

	private static final VarHandle OUT;

	private static final VarHandle FAILED;

	private static final VarHandle NANOS;

	private static final VarHandle CALLS;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			IN = lookup.findVarHandle(WorkerCounters.class, "in", long.class);
			OUT = lookup.findVarHandle(WorkerCounters.class, "out", long.class);
			FAILED = lookup.findVarHandle(WorkerCounters.class, "failed", long.class);
			NANOS = lookup.findVarHandle(WorkerCounters.class, "nanos", long.class);
			CALLS = lookup.findVarHandle(WorkerCounters.class, "calls", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private long in;

	private long out;

	private long failed;

	private long nanos;

	private long calls;

	@SuppressWarnings("unused")
	private long padding1;

	@SuppressWarnings("unused")
	private long padding2;

	@SuppressWarnings("unused")
	private long padding3;

	@SuppressWarnings("unused")
	private long padding4;

	@SuppressWarnings("unused")
	private long padding5;

	@SuppressWarnings("unused")
	private long padding6;

	@SuppressWarnings("unused")
	private long padding7;

	@SuppressWarnings("unused")
	private long padding8;

	/**
	 * Records messages the owning thread has just taken.
	 * @param received how many
	 */
	void took(int received) {
		IN.setOpaque(this, this.in + received);
	}

	/**
	 * Records messages the owning thread has passed on, and one handler call.
	 * @param passed messages that went on (or were acknowledged) as ok
	 * @param failedCount messages that failed
	 * @param handlerNanos time in the handler
	 */
	void passed(int passed, int failedCount, long handlerNanos) {
		passedOn(passed, failedCount);
		NANOS.setOpaque(this, this.nanos + handlerNanos);
		CALLS.setOpaque(this, this.calls + 1);
	}

	/**
	 * Records messages the owning thread has passed on, without a handler call.
	 * @param passed messages that went on as ok
	 * @param failedCount messages that failed
	 */
	void passedOn(int passed, int failedCount) {
		OUT.setOpaque(this, this.out + passed);
		FAILED.setOpaque(this, this.failed + failedCount);
	}

	/**
	 * @return messages taken and not yet passed on, as last seen
	 */
	long inFlight() {
		long failed = failed();
		long out = out();
		return Math.max(0, in() - out - failed);
	}

	long in() {
		return (long) IN.getOpaque(this);
	}

	long out() {
		return (long) OUT.getOpaque(this);
	}

	long failed() {
		return (long) FAILED.getOpaque(this);
	}

	long nanos() {
		return (long) NANOS.getOpaque(this);
	}

	long calls() {
		return (long) CALLS.getOpaque(this);
	}

}
