package dev.pipeline.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.boot.config.PipelineSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the application's pipelines, under {@code pipeline.*}.
 *
 * <p>
 * This class gives IDEs the types to complete keys from; the pipelines themselves are
 * bound, checked and rebuilt on restart by
 * {@link dev.pipeline.boot.config.PipelineBinder}, which reports every bad value in one
 * message naming its full key. So that it does, the binding of this class ignores invalid
 * values rather than failing with a generic message of its own.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "pipeline", ignoreInvalidFields = true)
public class PipelineProperties {

	/**
	 * Whether to create and run the configured pipelines.
	 */
	private boolean enabled = true;

	/**
	 * Pipelines by name; each one needs a source and one @PipelineHandler bean.
	 */
	private final Map<String, PipelineSettings> pipelines = new LinkedHashMap<>();

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, PipelineSettings> getPipelines() {
		return this.pipelines;
	}

	public Observations getObservations() {
		return this.observations;
	}

	/**
	 * Micrometer Observations of every pipeline's messages and batches.
	 */
	public static class Observations {

		/**
		 * Whether to observe each message and each batch of every pipeline whose own
		 * observations.enabled is unset. Needs an ObservationRegistry bean.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
