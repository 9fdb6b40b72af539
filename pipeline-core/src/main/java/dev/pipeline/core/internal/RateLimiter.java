package dev.pipeline.core.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.RateLimit;
import org.jspecify.annotations.Nullable;

/**
 * Shares a budget of messages per interval among a pipeline's producers (Broadway's
 * RateLimiter). Demand that finds the budget spent is held back by the
 * {@link ProducerStage} and released at the next interval.
 */
final class RateLimiter {

	private final AtomicLong tokens = new AtomicLong();

	private final ScheduledExecutorService timer;

	private final Runnable onReset;

	private volatile RateLimit limit;

	private @Nullable ScheduledFuture<?> task;

	RateLimiter(RateLimit limit, ScheduledExecutorService timer, Runnable onReset) {
		this.limit = limit;
		this.timer = timer;
		this.onReset = onReset;
	}

	synchronized void start() {
		this.tokens.set(this.limit.allowedMessages());
		long period = this.limit.interval().toNanos();
		this.task = this.timer.scheduleAtFixedRate(this::reset, period, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * Takes up to {@code wanted} messages from this interval's budget.
	 * @param wanted messages wanted
	 * @return messages granted, 0 to {@code wanted}
	 */
	int acquire(int wanted) {
		while (true) {
			long available = this.tokens.get();
			if (available <= 0) {
				return 0;
			}
			int granted = (int) Math.min(wanted, available);
			if (this.tokens.compareAndSet(available, available - granted)) {
				return granted;
			}
		}
	}

	/**
	 * Changes the limit; it applies from now, with a full budget.
	 * @param newLimit the new limit
	 */
	synchronized void update(RateLimit newLimit) {
		this.limit = newLimit;
		stop();
		start();
		this.onReset.run();
	}

	synchronized void stop() {
		if (this.task != null) {
			this.task.cancel(false);
			this.task = null;
		}
	}

	RateLimit limit() {
		return this.limit;
	}

	long remaining() {
		return Math.max(0, this.tokens.get());
	}

	private void reset() {
		this.tokens.set(this.limit.allowedMessages());
		this.onReset.run();
	}

}
