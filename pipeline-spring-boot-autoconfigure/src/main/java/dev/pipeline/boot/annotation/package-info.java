/**
 * The {@code @PipelineHandler} programming model and its binding onto the engine's
 * handlers.
 */
@NullMarked
package dev.pipeline.boot.annotation;

import org.jspecify.annotations.NullMarked;
