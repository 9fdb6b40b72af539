package dev.pipeline.core;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Real time: {@link System#nanoTime()}, and one daemon timer thread for every pipeline,
 * started at the first task scheduled.
 */
final class SystemClock implements PipelineClock {

	/** The one instance. */
	static final SystemClock INSTANCE = new SystemClock();

	private SystemClock() {
	}

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public Scheduled schedule(Runnable task, long delayNanos) {
		ScheduledFuture<?> future = Timer.EXECUTOR.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		return () -> future.cancel(false);
	}

	@Override
	public boolean isSystem() {
		return true;
	}

	@Override
	public String toString() {
		return "system clock";
	}

	/** Holds the timer thread, created when first used. */
	private static final class Timer {

		static final ScheduledThreadPoolExecutor EXECUTOR = create();

		private static ScheduledThreadPoolExecutor create() {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (work) -> {
				Thread thread = new Thread(work, "pipeline-timer");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			return executor;
		}

	}

}
