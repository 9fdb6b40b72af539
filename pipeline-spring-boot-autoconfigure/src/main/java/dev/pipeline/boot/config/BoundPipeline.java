package dev.pipeline.boot.config;

import dev.pipeline.boot.source.PipelineSourceKind;
import org.jspecify.annotations.Nullable;

/**
 * One pipeline's settings as bound from {@code pipeline.pipelines.<name>}: the engine's
 * and, when the pipeline names a source kind, that kind's.
 *
 * @param name the pipeline's name
 * @param settings the engine's settings
 * @param kind the source kind under {@code producer}, or {@code null} when the pipeline
 * names a source bean or no source
 * @param kindSettings the kind's bound settings, or {@code null} with no kind
 * @since 0.2.0
 */
public record BoundPipeline(String name, PipelineSettings settings, @Nullable PipelineSourceKind<Object> kind,
		@Nullable Object kindSettings) {

}
