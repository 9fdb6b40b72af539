package dev.pipeline.boot.source;

import dev.pipeline.core.Source;

/**
 * Replaces the configured source of every pipeline, for tests: when a bean of this type
 * exists, each pipeline reads from the one source it returns, whatever its
 * {@code producer.*} says. The test support ({@code @AutoConfigurePipelineTest}) provides
 * one.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface PipelineSourceReplacement {

	/**
	 * Returns the source a pipeline reads from instead of its configured one; called at
	 * every start of the pipeline, from the thread that starts it.
	 * @param pipeline the pipeline's name
	 * @return its source
	 */
	Source<Object> source(String pipeline);

}
