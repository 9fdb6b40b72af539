package dev.pipeline.boot.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The body of an error answer of the {@code pipelines} endpoint (404, 400, 409).
 *
 * @param pipeline the pipeline named in the request
 * @param error what kind of error: {@code unknown-pipeline}, {@code unknown-action},
 * {@code invalid-request}, {@code invalid-overrides} or {@code conflict}
 * @param reasons what is wrong, each a sentence
 * @param action the fix, a sentence, or {@code null}
 * @param keys the settings involved, relative to the pipeline (for invalid overrides)
 * @since 0.1.0
 */
public record ErrorDescriptor(String pipeline, String error, List<String> reasons, @Nullable String action,
		List<String> keys) {
}
