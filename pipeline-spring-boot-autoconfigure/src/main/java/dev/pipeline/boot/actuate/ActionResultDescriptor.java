package dev.pipeline.boot.actuate;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.PipelineState;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code POST /actuator/pipelines/{name}} when the action was carried out.
 *
 * @param pipeline the pipeline's name
 * @param action the action: {@code pause}, {@code resume}, {@code drain}, {@code start},
 * {@code restart} or {@code rate-limit}
 * @param state the pipeline's state afterwards
 * @param drain how the drain went, for {@code drain} and {@code restart}; {@code null}
 * otherwise
 * @since 0.1.0
 */
public record ActionResultDescriptor(String pipeline, String action, PipelineState state,
		@Nullable DrainDescriptor drain) {

	/**
	 * How a drain ended.
	 *
	 * @param completed whether everything fetched was acknowledged within the shutdown
	 * timeout
	 * @param released messages released to the source because the timeout passed
	 * @param tookMillis how long it took, in milliseconds
	 */
	public record DrainDescriptor(boolean completed, long released, long tookMillis) {

		static DrainDescriptor of(DrainResult result) {
			return new DrainDescriptor(result.completed(), result.released(), result.took().toMillis());
		}

	}

}
