package dev.pipeline.boot.actuate;

import java.util.List;
import java.util.Map;

import dev.pipeline.boot.actuate.PipelinesDescriptor.PipelineSummaryDescriptor;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.SourceBacklog;
import dev.pipeline.core.StageStats;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /actuator/pipelines/{name}}: one pipeline in detail.
 *
 * @param name the pipeline's name
 * @param summary the figures {@code GET /actuator/pipelines} shows
 * @param topology its stages as configured
 * @param configuration its effective settings, keyed by their path relative to the
 * pipeline (the keys a restart accepts as overrides)
 * @param stages each stage's figures, producers first
 * @param rateLimit the producers' rate limit, or {@code null} without one
 * @param source the source's side: what waits for a processor, and the broker's view
 * @since 0.1.0
 */
public record PipelineDescriptor(String name, PipelineSummaryDescriptor summary, TopologyDescriptor topology,
		Map<String, Object> configuration, List<StageDescriptor> stages, @Nullable RateLimitDescriptor rateLimit,
		SourceDescriptor source) {

	/**
	 * The stages of a pipeline as configured.
	 *
	 * @param producers the producers
	 * @param processors the processors
	 * @param batchers the batchers, in the order they were declared
	 */
	public record TopologyDescriptor(ProducersDescriptor producers, ProcessorsDescriptor processors,
			List<BatcherDescriptor> batchers) {
	}

	/**
	 * The producers.
	 *
	 * @param concurrency the number of producers
	 * @param source what the source reads
	 * @param connected whether the source is connected to its broker
	 */
	public record ProducersDescriptor(int concurrency, String source, boolean connected) {
	}

	/**
	 * The processors.
	 *
	 * @param name always {@code default}
	 * @param concurrency the number of processor threads
	 * @param maxDemand the most messages one processor holds
	 * @param minDemand a processor asks for more when it holds this many or fewer
	 * @param partitioned whether messages are partitioned by key ({@code partition-by})
	 * @param ordered whether messages are kept in order by key on whichever processor is
	 * free ({@code order-by}; Kafka's ordering modes)
	 */
	public record ProcessorsDescriptor(String name, int concurrency, int maxDemand, int minDemand, boolean partitioned,
			boolean ordered) {
	}

	/**
	 * One batcher.
	 *
	 * @param name its name
	 * @param batchSize the batch size
	 * @param batchMaxBytes the byte limit of a batch, 0 for none
	 * @param batchTimeout the batch timeout, as in YAML ({@code 2s})
	 * @param concurrency the number of batch workers
	 * @param maxDemand the most messages it holds in its inbox
	 * @param partitioned whether batches go to workers by a {@code partition-by} key
	 * (otherwise by batch key)
	 */
	public record BatcherDescriptor(String name, int batchSize, long batchMaxBytes, String batchTimeout,
			int concurrency, int maxDemand, boolean partitioned) {
	}

	/**
	 * The figures of one stage since the pipeline last started (latency and batch sizes:
	 * since the application started).
	 *
	 * @param kind {@code PRODUCER}, {@code PROCESSOR}, {@code BATCHER} or
	 * {@code BATCH_WORKER}
	 * @param name {@code default} for processors, the batcher's name for a batcher and
	 * its workers, the source for producers
	 * @param workers its threads
	 * @param in messages that came in
	 * @param out messages that went on, or were acknowledged, as ok
	 * @param failed messages that failed in this stage
	 * @param queued messages waiting in its inbox
	 * @param inFlight messages its workers have taken and not yet passed on (for a
	 * batcher: outside its open batches)
	 * @param handlerCalls handler calls: chunks for processors, batches for batch workers
	 * @param handlerLatency handler latency in milliseconds, per message for processors,
	 * per batch for batch workers; {@code null} for stages without a handler or before
	 * the first call
	 * @param batchSizes sizes of the batches a batcher emitted; {@code null} otherwise
	 * @param flushes for a batcher, the batches each trigger emitted ({@code SIZE},
	 * {@code BYTES}, {@code TIMEOUT}, {@code FLUSH}, {@code DRAIN}); empty otherwise
	 * @param openBatches for a batcher, its open batches; {@code null} otherwise
	 */
	public record StageDescriptor(StageStats.Kind kind, String name, int workers, long in, long out, long failed,
			long queued, long inFlight, long handlerCalls, @Nullable DistributionDescriptor handlerLatency,
			@Nullable DistributionDescriptor batchSizes, Map<String, Long> flushes,
			@Nullable OpenBatchesDescriptor openBatches) {
	}

	/**
	 * The batches a batcher is filling.
	 *
	 * @param messages messages in open batches
	 * @param keys open batches (one per batch key, and per partition)
	 * @param oldestAgeMillis how long the oldest has been open, in milliseconds
	 */
	public record OpenBatchesDescriptor(long messages, int keys, long oldestAgeMillis) {

		static @Nullable OpenBatchesDescriptor of(StageStats.@Nullable OpenBatches open) {
			return (open != null) ? new OpenBatchesDescriptor(open.messages(), open.keys(), open.oldestAge().toMillis())
					: null;
		}

	}

	/**
	 * The source's side of a pipeline. The pipeline's {@code inFlight} is
	 * {@code buffered} plus, over the other stages, {@code queued + inFlight} and the
	 * messages of open batches.
	 *
	 * @param buffered messages fetched and not yet taken by a processor
	 * @param broker what the broker holds for the pipeline, as the source last saw it:
	 * for a queue {@code queue}, {@code queueDepth} and {@code unacknowledged}; for a
	 * consumer group {@code lag} and {@code partitions} ({@code topic},
	 * {@code partition}, {@code committed}, {@code endOffset}, {@code lag},
	 * {@code paused}); for a share group {@code acquired}; {@code null} for sources
	 * without a broker
	 */
	public record SourceDescriptor(long buffered, @Nullable SourceBacklog broker) {

		static SourceDescriptor of(PipelineStats.SourceStats source) {
			return new SourceDescriptor(source.buffered(), source.backlog());
		}

	}

	/**
	 * A distribution of values.
	 *
	 * @param count how many values
	 * @param mean their mean
	 * @param p50 the median
	 * @param p90 the 90th percentile
	 * @param p99 the 99th percentile
	 * @param max the largest value
	 */
	public record DistributionDescriptor(long count, double mean, double p50, double p90, double p99, double max) {

		static @Nullable DistributionDescriptor of(HandlerStatistics.@Nullable Distribution distribution,
				double scale) {
			if (distribution == null) {
				return null;
			}
			return new DistributionDescriptor(distribution.count(), distribution.mean() / scale,
					distribution.p50() / scale, distribution.p90() / scale, distribution.p99() / scale,
					distribution.max() / scale);
		}

	}

	/**
	 * The producers' rate limit.
	 *
	 * @param allowedMessages messages allowed per interval
	 * @param interval the interval, as in YAML ({@code 1s})
	 * @param remaining messages still allowed in the current interval
	 */
	public record RateLimitDescriptor(int allowedMessages, String interval, long remaining) {
	}

}
