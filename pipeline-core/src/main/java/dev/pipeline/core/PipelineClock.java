package dev.pipeline.core;

/**
 * The time a pipeline's timers follow: a ticker for batch deadlines and rate-limit
 * intervals, and a scheduler for the work due at those times (a batch timeout, the next
 * rate-limit interval). The default is {@link #system()}; tests give a
 * {@link dev.pipeline.core.testing.VirtualClock} to
 * {@link PipelineSpec.Builder#clock(PipelineClock)}, so that batch timeouts and rate
 * limits are tested without real waiting.
 *
 * <p>
 * Handler latencies are measured in real time whatever the clock.
 *
 * <p>
 * Thread-safe: stage threads read the ticker and schedule tasks concurrently. A task must
 * not block for long: on the system clock one timer thread runs the tasks of every
 * pipeline.
 *
 * @since 0.1.0
 */
public interface PipelineClock {

	/**
	 * Returns the current time of this clock, in nanoseconds from an arbitrary origin, as
	 * {@link System#nanoTime()} does.
	 * @return the current time
	 */
	long nanoTime();

	/**
	 * Runs a task once, when this clock has moved {@code delayNanos} forward.
	 * @param task the task
	 * @param delayNanos the delay, 0 or more
	 * @return a handle to cancel the task
	 */
	Scheduled schedule(Runnable task, long delayNanos);

	/**
	 * Returns whether this clock is real time, so a stage may wait for a deadline with a
	 * timed wait instead of a scheduled wake-up.
	 * @return whether this is the system clock
	 */
	default boolean isSystem() {
		return false;
	}

	/**
	 * Returns the clock of real time: {@link System#nanoTime()}, and one daemon timer
	 * thread shared by every pipeline.
	 * @return the system clock
	 */
	static PipelineClock system() {
		return SystemClock.INSTANCE;
	}

	/** A task scheduled on a clock. */
	@FunctionalInterface
	interface Scheduled {

		/** Cancels the task if it has not run yet; does nothing otherwise. */
		void cancel();

	}

}
