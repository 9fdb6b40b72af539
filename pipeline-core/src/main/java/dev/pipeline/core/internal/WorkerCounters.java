package dev.pipeline.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The figures of one stage worker. Written only by the worker's own thread, with plain
 * arithmetic and an opaque store, so the hot path pays no fence; read by any thread,
 * which sees recent values.
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

	/**
	 * Records one chunk or batch handled by the owning thread.
	 * @param received messages that came in
	 * @param passed messages that went on (or were acknowledged) as ok
	 * @param failedCount messages that failed
	 * @param handlerNanos time in the handler
	 */
	void record(int received, int passed, int failedCount, long handlerNanos) {
		IN.setOpaque(this, this.in + received);
		OUT.setOpaque(this, this.out + passed);
		FAILED.setOpaque(this, this.failed + failedCount);
		NANOS.setOpaque(this, this.nanos + handlerNanos);
		CALLS.setOpaque(this, this.calls + 1);
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
