package dev.pipeline.core;

/**
 * Sees what a pipeline's stages do, for metrics: called once per chunk or batch, never
 * once per message, on the stage's own thread. Implementations must be fast, thread-safe
 * and must not throw; the engine ignores what they throw.
 *
 * @since 0.1.0
 */
public interface PipelineListener {

	/** A listener that does nothing. */
	PipelineListener NONE = new PipelineListener() {
	};

	/**
	 * A processor handled a chunk.
	 * @param pipeline the pipeline's name
	 * @param processor the processor's index
	 * @param messages how many messages the chunk held
	 * @param failed how many of them failed
	 * @param nanos how long the handlers took
	 */
	default void chunkHandled(String pipeline, int processor, int messages, int failed, long nanos) {
	}

	/**
	 * A batch worker handled a batch.
	 * @param pipeline the pipeline's name
	 * @param info the batch
	 * @param failed how many of its messages failed
	 * @param nanos how long the batch handler took
	 */
	default void batchHandled(String pipeline, BatchInfo info, int failed, long nanos) {
	}

	/**
	 * Messages were acknowledged at their source.
	 * @param pipeline the pipeline's name
	 * @param successful how many as successful
	 * @param failed how many as failed
	 */
	default void acknowledged(String pipeline, int successful, int failed) {
	}

}
