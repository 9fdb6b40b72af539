package dev.pipeline.core.internal;

import dev.pipeline.core.PipelineClock;

/**
 * How a batcher's thread waits for the oldest deadline on the pipeline's clock: on the
 * system clock with a timed wait; on another clock until a wake-up that clock schedules
 * at the deadline, scheduled once per deadline.
 */
final class DeadlineWait {

	private final PipelineClock clock;

	private final Runnable wakeUp;

	/** The deadline a wake-up is scheduled for, on a clock other than the system's. */
	private long scheduledFor;

	private boolean scheduled;

	/**
	 * @param clock the pipeline's clock
	 * @param wakeUp ends the batcher's wait, run by a clock other than the system's
	 */
	DeadlineWait(PipelineClock clock, Runnable wakeUp) {
		this.clock = clock;
		this.wakeUp = wakeUp;
	}

	/**
	 * @param deadline the deadline, on the clock
	 * @return how long to wait in real time: the time left on the system clock, 0 once
	 * the deadline has passed, or -1 (until woken) on another clock
	 */
	long waitFor(long deadline) {
		long left = Math.max(0, deadline - this.clock.nanoTime());
		if (this.clock.isSystem() || left == 0) {
			return left;
		}
		if (!this.scheduled || this.scheduledFor != deadline) {
			this.scheduled = true;
			this.scheduledFor = deadline;
			this.clock.schedule(this.wakeUp, left);
		}
		return -1;
	}

}
