/**
 * The sample app: a sensor-telemetry pipeline on the embedded generator source.
 */
@NullMarked
package dev.pipeline.sample;

import org.jspecify.annotations.NullMarked;
