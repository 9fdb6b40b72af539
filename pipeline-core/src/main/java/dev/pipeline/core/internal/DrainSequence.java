package dev.pipeline.core.internal;

import java.time.Duration;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.PipelineState;

/**
 * The order in which a pipeline stops: stop fetching (no demand reaches the sources, and
 * each source stops taking messages from outside), let the processors empty their
 * buffers, let the batchers flush their partial batches, wait for the last stage to
 * settle everything; then stop the sources. When the shutdown timeout passes first, what
 * is left is logged and released to the sources, and the stage threads are interrupted.
 */
final class DrainSequence {

	private final Topology topology;

	DrainSequence(Topology topology) {
		this.topology = topology;
	}

	DrainResult run(long timeoutNanos) {
		long start = System.nanoTime();
		boolean completed;
		try {
			this.topology.stopFetching();
			completed = this.topology.awaitFinished(timeoutNanos - (System.nanoTime() - start));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			completed = false;
		}
		if (!completed) {
			long left = this.topology.inFlight();
			this.topology.log()
				.warn("the drain did not finish within " + Duration.ofNanos(timeoutNanos) + "; releasing " + left
						+ " unacknowledged messages to the source for redelivery. Stages at that moment: "
						+ this.topology.stats(PipelineState.DRAINING).stages());
			this.topology.releaseRemaining();
		}
		this.topology.stopSources();
		long released = completed ? 0 : this.topology.released();
		return new DrainResult(completed, released, Duration.ofNanos(System.nanoTime() - start));
	}

}
