package dev.pipeline.kafka;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * What a poll thread does after a turn failed: waits the reconnect back-off's next step,
 * with one log line per step, or gives up when the back-off has no steps left. A turn
 * that goes well starts the back-off from its first step again. Used by one poll thread
 * only.
 */
final class PollFailures {

	private final BackOff backOff;

	private final String source;

	private final Log logger;

	/** The back-off's execution since the last turn that went well, or null. */
	private @Nullable BackOffExecution execution;

	/**
	 * @param backOff the reconnect back-off
	 * @param source the source, as the log names it (such as {@code Kafka source orders})
	 * @param logger the poll loop's logger
	 */
	PollFailures(BackOff backOff, String source, Log logger) {
		this.backOff = backOff;
		this.source = source;
		this.logger = logger;
	}

	/** A turn went well. */
	void succeeded() {
		this.execution = null;
	}

	/**
	 * Waits the back-off's next step after a failed turn.
	 * @param ex what failed
	 * @param handover where the poll thread waits
	 * @param stopping whether the source stops, which ends the wait
	 * @return whether to poll again; {@code false} when the back-off has no steps left
	 */
	boolean waitAfter(RuntimeException ex, Handover handover, BooleanSupplier stopping) {
		BackOffExecution current = this.execution;
		if (current == null) {
			current = this.backOff.start();
			this.execution = current;
		}
		long delay = current.nextBackOff();
		if (delay == BackOffExecution.STOP) {
			this.logger.error(this.source + " failed; not polling again: its reconnect back-off has no attempts left",
					ex);
			return false;
		}
		this.logger.warn(this.source + " failed; polling again in " + delay + " ms", ex);
		handover.await(TimeUnit.MILLISECONDS.toNanos(delay), stopping);
		return true;
	}

}
