package dev.pipeline.bench;

import java.time.Duration;
import java.util.Locale;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;

/**
 * The latency workloads of docs/benchmarks.md: 50,000 msg/s from absolute 1 ms ticks into
 * 2 processors (max-demand 10), then batcher {@code default} (size 100, timeout 10 ms, 1
 * batch worker) in e, or nothing in e0 (processors acknowledge).
 */
enum LatencyWorkload {

	/** With batcher {@code default} (100, 10 ms) and 1 batch worker. */
	E(true, 614, new long[] { 100, 104, 434, 1_103, 1_111, 1_210, 1_653, 5_160 }, 5_304, 0.24),

	/** Without a batcher: processors acknowledge each chunk. */
	E0(false, 47, new long[] { 17, 27, 46, 63, 73, 118, 276, 1_028 }, 3_015, 0.23);

	/** The percentiles reported, as in docs/benchmarks.md. */
	static final double[] PERCENTILES = { 10, 25, 50, 75, 90, 99, 99.9, 99.99 };

	/** Messages per millisecond: 50,000 msg/s. */
	static final int PER_MILLI = 50;

	/** Max-demand of the processors. */
	static final int MAX_DEMAND = 10;

	/** Batch timeout of batcher {@code default} in e. */
	static final Duration BATCH_TIMEOUT = Duration.ofMillis(10);

	final boolean batcher;

	/**
	 * Broadway's median over 3 runs: mean, then {@link #PERCENTILES}, then max, in µs.
	 */
	final double broadwayMean;

	final long[] broadwayPercentiles;

	final long broadwayMax;

	/** BEAM cores (utime + stime over wall time, busy-waiting included). */
	final double broadwayCores;

	LatencyWorkload(boolean batcher, double broadwayMean, long[] broadwayPercentiles, long broadwayMax,
			double broadwayCores) {
		this.batcher = batcher;
		this.broadwayMean = broadwayMean;
		this.broadwayPercentiles = broadwayPercentiles;
		this.broadwayMax = broadwayMax;
		this.broadwayCores = broadwayCores;
	}

	String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Describes the workload's pipeline for the engine.
	 * @param source the run's source
	 * @return the validated spec
	 */
	PipelineSpec<Long> spec(Source<Long> source) {
		PipelineSpec.Builder<Long> builder = Pipeline.<Long>builder(id())
			.source(source)
			.processors((p) -> p.concurrency(Workload.PROCESSORS).maxDemand(MAX_DEMAND))
			.onMessage((m) -> m);
		if (this.batcher) {
			builder.batcher(Message.DEFAULT_BATCHER,
					(b) -> b.batchSize(Workload.BATCH_SIZE)
						.batchTimeout(BATCH_TIMEOUT)
						.concurrency(1)
						.handler((batch, info) -> batch));
		}
		return builder.build();
	}

	/**
	 * @return the same topology for the bare hand-off
	 */
	BareHandoff.Shape shape() {
		return new BareHandoff.Shape(Workload.PROCESSORS, MAX_DEMAND, false, this.batcher ? 1 : 0, false,
				Workload.BATCH_SIZE, BATCH_TIMEOUT.toNanos(), BareHandoff.CEILING_BOUNDS);
	}

	static LatencyWorkload of(String id) {
		for (LatencyWorkload workload : values()) {
			if (workload.id().equals(id)) {
				return workload;
			}
		}
		throw new IllegalArgumentException("Unknown latency workload '" + id + "': use e or e0.");
	}

}
