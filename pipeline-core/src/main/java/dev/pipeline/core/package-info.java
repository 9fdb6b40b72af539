/**
 * The public API of the pipeline engine: {@link dev.pipeline.core.Pipeline}, its spec and
 * builder, messages, sources, handlers and acknowledgers.
 */
@NullMarked
package dev.pipeline.core;

import org.jspecify.annotations.NullMarked;
