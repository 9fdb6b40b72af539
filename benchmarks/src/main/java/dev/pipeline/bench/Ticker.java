package dev.pipeline.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The fixed-rate clock of workloads e and e0: ticks at absolute whole milliseconds of the
 * monotonic clock, T1, T1 + 1 ms, ... (T1 is the next whole millisecond after
 * {@link #run} starts), and on a tick at millisecond {@code t} asks for
 * {@code perMilli × (t − T1 + 1) − created} new messages, so a late tick catches up. Each
 * tick takes one timestamp, shared by its messages. Runs on the caller's thread.
 */
final class Ticker {

	private static final long MILLI = 1_000_000L;

	private final long total;

	private final int perMilli;

	private long ticks;

	private long firstMilli;

	private long lastMilli;

	/**
	 * Creates a clock.
	 * @param total how many messages in all
	 * @param perMilli messages per millisecond
	 */
	Ticker(long total, int perMilli) {
		this.total = total;
		this.perMilli = perMilli;
	}

	/**
	 * Ticks until {@code total} messages were created.
	 * @param tick creates the messages of one tick
	 * @throws Exception what {@code tick} throws
	 */
	void run(Tick tick) throws Exception {
		long t1 = Math.floorDiv(System.nanoTime(), MILLI) + 1;
		this.firstMilli = t1;
		long created = 0;
		long next = t1;
		while (created < this.total) {
			long deadline = next * MILLI;
			long left;
			while ((left = deadline - System.nanoTime()) > 0) {
				LockSupport.parkNanos(left);
				if (Thread.interrupted()) {
					throw new InterruptedException("ticker interrupted");
				}
			}
			long now = System.nanoTime();
			long t = Math.floorDiv(now, MILLI);
			long due = Math.min(this.total, this.perMilli * (t - t1 + 1)) - created;
			this.ticks++;
			if (due > 0) {
				tick.create(now, (int) due);
				created += due;
				this.lastMilli = t;
			}
			next = t + 1;
		}
	}

	/**
	 * @return the ticks that ran, late or not
	 */
	long ticks() {
		return this.ticks;
	}

	/**
	 * @return messages per second from T1 to the end of the millisecond of the last
	 * message
	 */
	double achievedRate() {
		return this.total * 1000.0 / (this.lastMilli - this.firstMilli + 1);
	}

	/** Creates the messages of one tick. */
	@FunctionalInterface
	interface Tick {

		/**
		 * @param nanos the tick's timestamp, {@link System#nanoTime}
		 * @param count messages to create
		 * @throws Exception to end the run
		 */
		void create(long nanos, int count) throws Exception;

	}

}
