package dev.pipeline.boot.lifecycle;

import java.util.Map;

import dev.pipeline.core.PipelineSpec;

/**
 * How a pipeline configured through properties is made again on restart, and what it runs
 * with.
 *
 * @since 0.2.0
 */
public interface PipelineAssembly {

	/**
	 * Makes the pipeline's spec again from its properties, with overrides laid over them
	 * and over those of earlier restarts.
	 * @param overrides keys relative to the pipeline, possibly nested
	 * @return the new spec, validated; nothing has changed yet
	 * @throws dev.pipeline.core.PipelineConfigurationException when a key or value is
	 * wrong
	 */
	PipelineSpec<Object> rebuild(Map<String, ?> overrides);

	/**
	 * Returns the settings the pipeline runs with, as bound, with derived values, keyed
	 * relative to the pipeline.
	 * @return the settings, in a stable order
	 */
	Map<String, Object> effectiveConfiguration();

}
