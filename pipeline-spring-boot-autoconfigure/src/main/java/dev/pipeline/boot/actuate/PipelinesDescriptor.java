package dev.pipeline.boot.actuate;

import java.util.Map;

import dev.pipeline.core.PipelineState;

/**
 * The answer of {@code GET /actuator/pipelines}: every pipeline, by name.
 *
 * @param pipelines the pipelines, by name, in the registry's order
 * @since 0.1.0
 */
public record PipelinesDescriptor(Map<String, PipelineSummaryDescriptor> pipelines) {

	/**
	 * One pipeline at a glance.
	 *
	 * @param state {@code NEW}, {@code RUNNING}, {@code PAUSED}, {@code DRAINING},
	 * {@code STOPPED} or {@code FAILED}
	 * @param source what its source reads, e.g. {@code rabbitmq: orders}
	 * @param connected whether its source is connected to its broker
	 * @param throughput messages settled (succeeded or failed) per second over the last
	 * minute
	 * @param inFlight messages fetched and not yet settled
	 * @param fetched messages taken from the source since the pipeline last started
	 * @param succeeded messages acknowledged as successful since it last started
	 * @param failed messages acknowledged as failed since it last started
	 * @param released messages released to the source unacknowledged by a drain that ran
	 * out of time
	 */
	public record PipelineSummaryDescriptor(PipelineState state, String source, boolean connected, double throughput,
			long inFlight, long fetched, long succeeded, long failed, long released) {
	}

}
