package dev.pipeline.core;

/**
 * Why a batcher emitted a batch.
 *
 * @since 0.1.0
 */
public enum BatchTrigger {

	/** The batch reached its batch size. */
	SIZE,

	/** The next message would have taken the batch past its byte limit. */
	BYTES,

	/** The batch timeout passed since the batch's first message. */
	TIMEOUT,

	/** A message in {@link BatchMode#FLUSH} mode asked for it. */
	FLUSH,

	/** The pipeline is draining and flushed its partial batches. */
	DRAIN

}
