package dev.pipeline.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a pipeline's figures since it last started. Read without stopping
 * anything: each figure is recent, and figures taken together may be a few chunks apart.
 *
 * @param name the pipeline's name
 * @param state its state
 * @param fetched messages taken from the source
 * @param succeeded messages acknowledged as successful
 * @param failed messages acknowledged as failed
 * @param released messages released to the source unacknowledged when a drain ran out of
 * time
 * @param inFlight messages fetched and not yet settled: the sum, over the stages, of
 * their queued and in-flight messages and of the messages in open batches (see
 * {@link StageStats})
 * @param sourceConnected whether every source is connected to its broker
 * @param stages each stage's figures, producers first
 * @param source the source's side: what waits for a processor, and the broker's view
 * @since 0.1.0
 */
public record PipelineStats(String name, PipelineState state, long fetched, long succeeded, long failed, long released,
		long inFlight, boolean sourceConnected, List<StageStats> stages, SourceStats source) {

	/**
	 * The source's side of a pipeline.
	 *
	 * @param buffered messages fetched and not yet taken by a processor (the producers'
	 * {@code queued})
	 * @param backlog what the broker holds for the pipeline, as the sources last reported
	 * it; {@code null} for sources without a broker
	 */
	public record SourceStats(long buffered, @Nullable SourceBacklog backlog) {

		/** Nothing buffered, no broker. */
		public static final SourceStats NONE = new SourceStats(0, null);

	}

}
