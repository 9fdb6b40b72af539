package dev.pipeline.core;

import java.util.List;

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
 * @param inFlight messages fetched and not yet settled
 * @param sourceConnected whether every source is connected to its broker
 * @param stages each stage's figures, producers first
 * @since 0.1.0
 */
public record PipelineStats(String name, PipelineState state, long fetched, long succeeded, long failed, long released,
		long inFlight, boolean sourceConnected, List<StageStats> stages) {
}
