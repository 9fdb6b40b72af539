package dev.pipeline.boot.actuate;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineConfigurationException;

/**
 * The pipelines of an application, as the operations side (the {@code pipelines}
 * endpoint, health, metrics) sees them. This is the only thing the endpoint depends on:
 * the starter provides an implementation that binds {@code pipeline.pipelines.*} again
 * with the overrides laid over them; {@link SimplePipelineRegistry} serves pipelines
 * built in plain Java.
 *
 * <p>
 * Implementations are thread-safe: the methods are called from HTTP and JMX threads, from
 * health checks and from metrics scrapes, concurrently with each other and with the
 * pipelines' own lifecycle.
 *
 * @since 0.1.0
 */
public interface PipelineRegistry {

	/**
	 * Returns every pipeline, in a stable order.
	 * @return the pipelines; never {@code null}
	 */
	List<Pipeline<?>> pipelines();

	/**
	 * Returns the pipeline with a name.
	 * @param name the pipeline's name
	 * @return the pipeline, or empty
	 */
	Optional<Pipeline<?>> find(String name);

	/**
	 * Validates the overrides with the same rules as start-up, then drains the pipeline
	 * and starts it again with its settings changed by the overrides; nothing is lost or
	 * acknowledged twice across the switch. When the overrides are invalid, nothing
	 * happens to the running pipeline. Blocks for as long as the drain takes (at most the
	 * pipeline's shutdown timeout).
	 * @param name the pipeline's name
	 * @param overrides settings to change, keyed by their path relative to the pipeline
	 * (for example {@code processors.default.concurrency} or
	 * {@code batchers.aggregates.batch-size}); empty to restart with the same settings
	 * @return how the drain went
	 * @throws NoSuchElementException if there is no pipeline with that name
	 * @throws PipelineConfigurationException if a key is not understood, a value has the
	 * wrong type, or the changed settings cannot work
	 */
	DrainResult restart(String name, Map<String, Object> overrides);

	/**
	 * Validates the overrides as {@link #restart(String, Map)} does, without touching the
	 * running pipeline, and returns the restart ready to be carried out, so that a caller
	 * can refuse invalid overrides at once and drain in the background. The default
	 * checks that the pipeline exists and validates the overrides only when the restart
	 * runs; implementations that can validate first override it.
	 * @param name the pipeline's name
	 * @param overrides settings to change, as for {@link #restart(String, Map)}
	 * @return the restart, to run once
	 * @throws NoSuchElementException if there is no pipeline with that name
	 * @throws PipelineConfigurationException if a key is not understood, a value has the
	 * wrong type, or the changed settings cannot work
	 * @since 0.2.0
	 */
	default PreparedRestart prepareRestart(String name, Map<String, Object> overrides) {
		if (find(name).isEmpty()) {
			throw new NoSuchElementException("No pipeline named '" + name + "'");
		}
		return () -> restart(name, overrides);
	}

	/**
	 * Returns the settings a pipeline runs with, keyed as the overrides of
	 * {@link #restart(String, Map)} are. The default describes the pipeline's spec (see
	 * {@link EffectiveConfiguration}); an implementation that binds properties may return
	 * what it bound instead, or in addition.
	 * @param name the pipeline's name
	 * @return the settings, in a stable order, or empty if there is no such pipeline
	 */
	default Optional<Map<String, Object>> effectiveConfiguration(String name) {
		return find(name).map((pipeline) -> EffectiveConfiguration.of(pipeline.spec()));
	}

	/**
	 * A restart whose overrides were validated, ready to drain the pipeline and start it
	 * again. Blocks for as long as the drain takes.
	 *
	 * @since 0.2.0
	 */
	@FunctionalInterface
	interface PreparedRestart {

		/**
		 * Drains the pipeline and starts it again with the changed settings.
		 * @return how the drain went
		 */
		DrainResult run();

	}

}
