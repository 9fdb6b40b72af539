package dev.pipeline.core;

import java.util.Map;

/**
 * The figures of one stage, summed over its workers, since the pipeline last started.
 *
 * @param kind what the stage is
 * @param name {@code default} for the processors, the batcher's name for a batcher and
 * its batch workers
 * @param workers the number of workers (threads)
 * @param in messages that came in
 * @param out messages that went on, or were acknowledged, as ok
 * @param failed messages that failed in this stage
 * @param queued messages waiting in the stage's inbox (for producers: fetched and not yet
 * taken)
 * @param handlerCalls handler calls (chunks for processors, batches for batch workers)
 * @param handlerNanos total time in the handler
 * @param flushes for a batcher, how many batches each trigger emitted; empty otherwise
 * @since 0.1.0
 */
public record StageStats(Kind kind, String name, int workers, long in, long out, long failed, long queued,
		long handlerCalls, long handlerNanos, Map<BatchTrigger, Long> flushes) {

	/** The kinds of stage. */
	public enum Kind {

		/** The producers: the sources and what they fetched. */
		PRODUCER,

		/** The processors, where the message handler runs. */
		PROCESSOR,

		/** A batcher, which groups messages into batches. */
		BATCHER,

		/** The batch workers of a batcher, where the batch handler runs. */
		BATCH_WORKER

	}

}
