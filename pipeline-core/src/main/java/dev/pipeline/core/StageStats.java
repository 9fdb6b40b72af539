package dev.pipeline.core;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one stage, summed over its workers, since the pipeline last started.
 *
 * <p>
 * Where a message is, between the moment a source emitted it and its acknowledgement, is
 * told by exactly one figure: the {@code queued} of the stage whose inbox it waits in,
 * the {@code inFlight} of the stage that has taken it and not yet passed it on, or, for a
 * batcher, its {@linkplain OpenBatches open batches}. So, at a quiet moment, the
 * pipeline's {@link PipelineStats#inFlight() inFlight} is the sum over its stages of
 * {@code queued + inFlight + openBatches.messages}; while messages move, each figure is
 * read at a slightly different moment, and the sum may be off by about a chunk per
 * worker.
 *
 * @param kind what the stage is
 * @param name {@code default} for the processors, the batcher's name for a batcher and
 * its batch workers
 * @param workers the number of workers (threads)
 * @param in messages that came in (counted when a worker takes them)
 * @param out messages that went on, or were acknowledged, as ok (counted when a worker
 * passes them on: for a batcher, when their batch is handed to its batch workers' queue)
 * @param failed messages that failed in this stage
 * @param queued messages waiting for the stage: for producers, fetched and not yet taken
 * by a processor (the source's {@linkplain PipelineStats.SourceStats#buffered() buffered}
 * figure); for a batcher, waiting in its inbox; for batch workers, in batches handed over
 * and not yet taken; 0 for processors, whose inbox is the producers' buffer
 * @param inFlight messages the stage's workers have taken and not yet passed on: for
 * processors and batch workers, the chunks and batches in their hands; for a batcher, the
 * messages it holds outside its open batches (the rest of a chunk, and emitted batches
 * waiting for room in a batch worker's queue); 0 for producers
 * @param handlerCalls handler calls (chunks for processors, batches for batch workers,
 * chunks taken for a batcher)
 * @param handlerNanos total time in the handler
 * @param flushes for a batcher, how many batches each trigger emitted; empty otherwise
 * @param openBatches for a batcher, its open batches; {@code null} for other stages
 * @since 0.1.0
 */
public record StageStats(Kind kind, String name, int workers, long in, long out, long failed, long queued,
		long inFlight, long handlerCalls, long handlerNanos, Map<BatchTrigger, Long> flushes,
		@Nullable OpenBatches openBatches) {

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

	/**
	 * The batches a batcher is filling: messages it took and has not yet emitted in a
	 * batch.
	 *
	 * @param messages messages in open batches
	 * @param keys open batches: one per batch key (and per partition, when the batcher is
	 * partitioned)
	 * @param oldestAge how long the oldest open batch has been open, on the pipeline's
	 * {@link PipelineClock}; zero without open batches
	 */
	public record OpenBatches(long messages, int keys, Duration oldestAge) {

		/** No open batch. */
		public static final OpenBatches NONE = new OpenBatches(0, 0, Duration.ZERO);

	}

}
