/**
 * Auto-configuration of the pipelines' metrics support: wiring only.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
