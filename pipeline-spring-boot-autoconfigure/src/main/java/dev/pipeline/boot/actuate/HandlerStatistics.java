package dev.pipeline.boot.actuate;

import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.PipelineListener;
import org.jspecify.annotations.Nullable;

/**
 * Keeps, per pipeline, histograms of handler latency (per message for the processors, and
 * per batch for each batcher) and of batch sizes, for the latency percentiles and
 * batch-size figures of {@code GET /actuator/pipelines/{name}}. Figures count since the
 * application started, across restarts.
 *
 * <p>
 * A {@link PipelineListener}: the engine calls it on stage threads, once per chunk or
 * batch (the processors hand over the time of each message of a chunk at once). After the
 * first call for a pipeline (or batcher) it allocates nothing and takes no lock. It never
 * throws.
 *
 * @since 0.1.0
 */
public final class HandlerStatistics implements PipelineListener {

	private final ConcurrentHashMap<String, PipelineHistograms> pipelines = new ConcurrentHashMap<>();

	@Override
	public void messagesTimed(Worker processor, long[] nanos, int count) {
		ValueHistogram latency = histograms(processor.pipeline()).processorLatency;
		for (int i = 0; i < count; i++) {
			latency.record(nanos[i]);
		}
	}

	@Override
	public void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
		BatcherHistograms batcher = histograms(batchWorker.pipeline()).batcher(info.batcher());
		batcher.latency.record(nanos);
		batcher.sizes.record(info.size());
	}

	/**
	 * Returns the handler latency of a pipeline's processors, per message.
	 * @param pipeline the pipeline's name
	 * @return the figures, or {@code null} when it has handled nothing
	 */
	public @Nullable Distribution processorLatency(String pipeline) {
		PipelineHistograms histograms = this.pipelines.get(pipeline);
		return (histograms != null) ? Distribution.of(histograms.processorLatency) : null;
	}

	/**
	 * Returns the batch handler latency of a batcher's workers, per batch.
	 * @param pipeline the pipeline's name
	 * @param batcher the batcher's name
	 * @return the figures, or {@code null} when it has handled nothing
	 */
	public @Nullable Distribution batchLatency(String pipeline, String batcher) {
		BatcherHistograms histograms = batcherOrNull(pipeline, batcher);
		return (histograms != null) ? Distribution.of(histograms.latency) : null;
	}

	/**
	 * Returns the sizes of the batches a batcher emitted.
	 * @param pipeline the pipeline's name
	 * @param batcher the batcher's name
	 * @return the figures, or {@code null} when it has emitted nothing
	 */
	public @Nullable Distribution batchSizes(String pipeline, String batcher) {
		BatcherHistograms histograms = batcherOrNull(pipeline, batcher);
		return (histograms != null) ? Distribution.of(histograms.sizes) : null;
	}

	private @Nullable BatcherHistograms batcherOrNull(String pipeline, String batcher) {
		PipelineHistograms histograms = this.pipelines.get(pipeline);
		return (histograms != null) ? histograms.batchers.get(batcher) : null;
	}

	private PipelineHistograms histograms(String pipeline) {
		PipelineHistograms histograms = this.pipelines.get(pipeline);
		return (histograms != null) ? histograms
				: this.pipelines.computeIfAbsent(pipeline, (name) -> new PipelineHistograms());
	}

	/**
	 * A summary of recorded values.
	 *
	 * @param count how many values
	 * @param mean their mean
	 * @param p50 the median (within 12.5%)
	 * @param p90 the 90th percentile (within 12.5%)
	 * @param p99 the 99th percentile (within 12.5%)
	 * @param max the largest
	 */
	public record Distribution(long count, double mean, long p50, long p90, long p99, long max) {

		static Distribution of(ValueHistogram histogram) {
			long count = histogram.count();
			double mean = (count > 0) ? (double) histogram.sum() / count : 0;
			return new Distribution(count, mean, histogram.percentile(0.5), histogram.percentile(0.9),
					histogram.percentile(0.99), histogram.max());
		}

	}

	private static final class PipelineHistograms {

		final ValueHistogram processorLatency = new ValueHistogram();

		final ConcurrentHashMap<String, BatcherHistograms> batchers = new ConcurrentHashMap<>();

		BatcherHistograms batcher(String name) {
			BatcherHistograms histograms = this.batchers.get(name);
			return (histograms != null) ? histograms
					: this.batchers.computeIfAbsent(name, (key) -> new BatcherHistograms());
		}

	}

	private static final class BatcherHistograms {

		final ValueHistogram latency = new ValueHistogram();

		final ValueHistogram sizes = new ValueHistogram();

	}

}
