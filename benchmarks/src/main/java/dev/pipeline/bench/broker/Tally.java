package dev.pipeline.bench.broker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the deliveries of one run, by the sequence number each message carries, so the
 * run can check that every message from 0 to N - 1 arrived exactly once. The consumer
 * under test calls {@link #record} from any thread; the benchmark thread waits with
 * {@link #awaitAll} and then calls {@link #check}, which throws on any miss.
 */
public final class Tally {

	private final int expected;

	private final AtomicIntegerArray counts;

	private final AtomicLong seen = new AtomicLong();

	private final AtomicLong outOfRange = new AtomicLong();

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile long firstNanos;

	private volatile long lastNanos;

	/**
	 * Creates the tally of a run.
	 * @param expected N, the number of messages, numbered 0 to N - 1
	 */
	public Tally(int expected) {
		this.expected = expected;
		this.counts = new AtomicIntegerArray(expected);
	}

	/**
	 * Records one delivery.
	 * @param sequence the message's sequence number
	 */
	public void record(long sequence) {
		long n = this.seen.incrementAndGet();
		if (n == 1) {
			this.firstNanos = System.nanoTime();
		}
		if (sequence < 0 || sequence >= this.expected) {
			this.outOfRange.incrementAndGet();
		}
		else {
			this.counts.incrementAndGet((int) sequence);
		}
		if (n == this.expected) {
			this.lastNanos = System.nanoTime();
			this.done.countDown();
		}
	}

	/**
	 * Waits until N deliveries have been recorded.
	 * @param timeoutSeconds how long to wait
	 * @param what the run, for the error message
	 * @return the time of the N-th delivery, in {@link System#nanoTime()}
	 * @throws InterruptedException when interrupted
	 * @throws IllegalStateException on timeout
	 */
	public long awaitAll(long timeoutSeconds, String what) throws InterruptedException {
		if (!this.done.await(timeoutSeconds, TimeUnit.SECONDS)) {
			throw new IllegalStateException(what + ": only " + this.seen.get() + " of " + this.expected
					+ " messages arrived within " + timeoutSeconds + " s");
		}
		return this.lastNanos;
	}

	/**
	 * @return the time of the first delivery, in {@link System#nanoTime()}, or 0
	 */
	public long firstNanos() {
		return this.firstNanos;
	}

	/**
	 * @return the deliveries recorded so far
	 */
	public long seen() {
		return this.seen.get();
	}

	/**
	 * Checks that every message arrived exactly once.
	 * @param what the run, for the error message
	 * @throws IllegalStateException naming how many were missing or duplicated
	 */
	public void check(String what) {
		long missing = 0;
		long duplicated = 0;
		long firstBad = -1;
		for (int i = 0; i < this.expected; i++) {
			int c = this.counts.get(i);
			if (c != 1) {
				missing += (c == 0) ? 1 : 0;
				duplicated += (c > 1) ? c - 1 : 0;
				firstBad = (firstBad < 0) ? i : firstBad;
			}
		}
		if (missing != 0 || duplicated != 0 || this.outOfRange.get() != 0 || this.seen.get() != this.expected) {
			throw new IllegalStateException(String.format(
					"%s: not exactly once: %,d deliveries of %,d messages, %,d missing, %,d duplicated, "
							+ "%,d out of range (first bad sequence %d)",
					what, this.seen.get(), this.expected, missing, duplicated, this.outOfRange.get(), firstBad));
		}
	}

}
