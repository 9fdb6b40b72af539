package dev.pipeline.core;

/**
 * The state of a {@link Pipeline}.
 *
 * @since 0.1.0
 */
public enum PipelineState {

	/** Built, never started. */
	NEW,

	/** Fetching and processing. */
	RUNNING,

	/** Not fetching; what was fetched before the pause is processed. */
	PAUSED,

	/** Not fetching; finishing what was fetched, then stopping. */
	DRAINING,

	/** Stopped; nothing in flight. */
	STOPPED,

	/** Could not start, or stopped by an error it could not recover from. */
	FAILED

}
