/**
 * Micrometer meters and observations for pipelines.
 */
@NullMarked
package dev.pipeline.boot.metrics;

import org.jspecify.annotations.NullMarked;
