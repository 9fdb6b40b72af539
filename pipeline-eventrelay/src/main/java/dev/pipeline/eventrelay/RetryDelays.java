package dev.pipeline.eventrelay;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts after failed calls: {@code delay}, then each one
 * {@code multiplier} times longer, up to {@code max-delay}, each moved at random by up to
 * {@code jitter} either way (so that many sources do not retry in step). Not thread-safe:
 * each user keeps its own.
 */
final class RetryDelays {

	private final long delayMillis;

	private final double multiplier;

	private final long maxDelayMillis;

	private final long jitterMillis;

	private int failures;

	RetryDelays(Duration delay, double multiplier, Duration maxDelay, Duration jitter) {
		this.delayMillis = Math.max(1, delay.toMillis());
		this.multiplier = multiplier;
		this.maxDelayMillis = Math.max(this.delayMillis, maxDelay.toMillis());
		this.jitterMillis = jitter.toMillis();
	}

	/**
	 * @return how long to wait before the next attempt, in milliseconds, at least 1
	 */
	long next() {
		double base = this.delayMillis * Math.pow(this.multiplier, Math.min(this.failures, 64));
		this.failures++;
		long delay = (long) Math.min(this.maxDelayMillis, base);
		if (this.jitterMillis > 0) {
			delay += ThreadLocalRandom.current().nextLong(-this.jitterMillis, this.jitterMillis + 1);
		}
		return Math.max(1, Math.min(this.maxDelayMillis, delay));
	}

	/**
	 * @return the failures since the last success
	 */
	int failures() {
		return this.failures;
	}

	/** Starts from {@code delay} again, after a call succeeded. */
	void reset() {
		this.failures = 0;
	}

}
