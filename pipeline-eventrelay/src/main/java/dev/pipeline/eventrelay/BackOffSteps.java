package dev.pipeline.eventrelay;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The steps of one back-off since the last success: the first failure starts an
 * execution, a success forgets it. Not thread-safe: each user keeps its own.
 */
final class BackOffSteps {

	private final BackOff backOff;

	private @Nullable BackOffExecution execution;

	BackOffSteps(BackOff backOff) {
		this.backOff = backOff;
	}

	/**
	 * @return how long to wait before the next attempt, in milliseconds, or
	 * {@link BackOffExecution#STOP} when the back-off allows no more
	 */
	long next() {
		BackOffExecution current = this.execution;
		if (current == null) {
			current = this.backOff.start();
			this.execution = current;
		}
		return current.nextBackOff();
	}

	/** Starts from the first delay again, after a call succeeded. */
	void reset() {
		this.execution = null;
	}

}
