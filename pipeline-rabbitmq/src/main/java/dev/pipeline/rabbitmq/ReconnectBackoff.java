package dev.pipeline.rabbitmq;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts to reconnect: exponential from {@code min} to {@code max}, with
 * jitter so that many sources do not reconnect in step (Broadway's {@code :rand_exp}).
 * Not thread-safe; used from the source's reconnect thread.
 */
final class ReconnectBackoff {

	private final long minMillis;

	private final long maxMillis;

	private long ceiling;

	ReconnectBackoff(Duration min, Duration max) {
		this.minMillis = Math.max(1, min.toMillis());
		this.maxMillis = Math.max(this.minMillis, max.toMillis());
		this.ceiling = this.minMillis;
	}

	/**
	 * @return how long to wait before the next attempt, in milliseconds
	 */
	long next() {
		long delay = (this.ceiling == this.minMillis) ? this.minMillis
				: ThreadLocalRandom.current().nextLong(this.minMillis, this.ceiling + 1);
		this.ceiling = Math.min(this.maxMillis, this.ceiling * 2);
		return delay;
	}

	/** Starts from {@code min} again, after a successful connection. */
	void reset() {
		this.ceiling = this.minMillis;
	}

}
