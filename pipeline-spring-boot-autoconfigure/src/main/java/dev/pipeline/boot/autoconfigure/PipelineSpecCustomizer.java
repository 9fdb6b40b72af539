package dev.pipeline.boot.autoconfigure;

import dev.pipeline.boot.config.BoundPipeline;
import dev.pipeline.core.PipelineSpec;

/**
 * Changes the spec of every pipeline the starter makes from {@code pipeline.pipelines.*},
 * after it is validated: wraps handlers (the observation support does), sets a listener,
 * and so on. Beans of this type are applied in their order.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PipelineSpecCustomizer {

	/**
	 * Returns the spec to run, usually {@code spec.toBuilder()...build()}.
	 * @param spec the pipeline's spec, validated
	 * @return the spec to run
	 */
	PipelineSpec<Object> customize(PipelineSpec<Object> spec);

	/**
	 * Returns the spec to run, knowing the pipeline's settings. The starter calls this
	 * method; by default it calls {@link #customize(PipelineSpec)}.
	 * @param spec the pipeline's spec, validated
	 * @param pipeline the settings the pipeline is made from, defaults resolved, with the
	 * settings its source kind put in effect
	 * @return the spec to run
	 * @since 0.3.0
	 */
	default PipelineSpec<Object> customize(PipelineSpec<Object> spec, BoundPipeline pipeline) {
		return customize(spec);
	}

}
