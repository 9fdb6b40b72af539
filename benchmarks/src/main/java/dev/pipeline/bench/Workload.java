package dev.pipeline.bench;

import java.time.Duration;
import java.util.Locale;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;

/**
 * The throughput workloads of docs/benchmarks.md: one producer, 2 processors, and either
 * no batcher (a, b) or batcher {@code default} (size 100, timeout 1000 ms) with 1 or 2
 * batch workers (c, d, d2). Handlers return what they are given.
 */
enum Workload {

	/** 1 producer → 2 processors (max-demand 10), processors acknowledge. */
	A(10, 0, false, false, 844_836, 840_453, 845_783),

	/** As a, with max-demand 100. */
	B(100, 0, false, false, 1_968_202, 1_964_869, 1_977_506),

	/** 1 producer → 2 processors (10) → 1 batcher (100, 1000 ms) → 1 batch worker. */
	C(10, 1, false, false, 817_076, 801_608, 823_853),

	/**
	 * As c, processors partitioned by data % 2, 2 batch workers, batches not partitioned.
	 */
	D(10, 2, true, false, 596_645, 593_045, 600_326),

	/**
	 * As d, and the batcher partitioned by data % 2 too: worker p sees only partition p.
	 */
	D2(10, 2, true, true, 591_925, 586_842, 597_313);

	/** Processors in every workload. */
	static final int PROCESSORS = 2;

	/** Batch size of batcher {@code default}. */
	static final int BATCH_SIZE = 100;

	/** Batch timeout of batcher {@code default}; it never fires in these runs. */
	static final Duration BATCH_TIMEOUT = Duration.ofSeconds(1);

	final int maxDemand;

	final int batchWorkers;

	final boolean partitionProcessors;

	final boolean partitionBatcher;

	/** Broadway's pass-1 median, min and max in msg/s, from docs/benchmarks.md. */
	final double broadwayMedian;

	final double broadwayMin;

	final double broadwayMax;

	Workload(int maxDemand, int batchWorkers, boolean partitionProcessors, boolean partitionBatcher,
			double broadwayMedian, double broadwayMin, double broadwayMax) {
		this.maxDemand = maxDemand;
		this.batchWorkers = batchWorkers;
		this.partitionProcessors = partitionProcessors;
		this.partitionBatcher = partitionBatcher;
		this.broadwayMedian = broadwayMedian;
		this.broadwayMin = broadwayMin;
		this.broadwayMax = broadwayMax;
	}

	/**
	 * @return the workload's name as in docs/benchmarks.md
	 */
	String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @return the processors' chunk: max-demand minus the default min-demand (half)
	 */
	int chunk() {
		return this.maxDemand - this.maxDemand / 2;
	}

	/**
	 * @return whether the workload has batcher {@code default}
	 */
	boolean hasBatcher() {
		return this.batchWorkers > 0;
	}

	/**
	 * Describes the workload's pipeline for the engine, with the public API only.
	 * @param source the run's source
	 * @return the validated spec
	 */
	PipelineSpec<Long> spec(Source<Long> source) {
		PipelineSpec.Builder<Long> builder = Pipeline.<Long>builder(id()).source(source).processors((p) -> {
			p.concurrency(PROCESSORS).maxDemand(this.maxDemand);
			if (this.partitionProcessors) {
				p.partitionBy((m) -> m.data() % 2);
			}
		}).onMessage((m) -> m);
		if (hasBatcher()) {
			builder.batcher(Message.DEFAULT_BATCHER, (b) -> {
				b.batchSize(BATCH_SIZE)
					.batchTimeout(BATCH_TIMEOUT)
					.concurrency(this.batchWorkers)
					.handler((batch, info) -> batch);
				if (this.partitionBatcher) {
					b.partitionBy((m) -> m.data() % 2);
				}
			});
		}
		return builder.build();
	}

	/**
	 * Finds a workload by its name.
	 * @param id a, b, c, d or d2
	 * @return the workload
	 * @throws IllegalArgumentException for another name
	 */
	static Workload of(String id) {
		for (Workload workload : values()) {
			if (workload.id().equals(id)) {
				return workload;
			}
		}
		throw new IllegalArgumentException("Unknown throughput workload '" + id + "': use a, b, c, d or d2.");
	}

}
