/**
 * Operating running pipelines: the {@code pipelines} Actuator endpoint, its descriptors,
 * the {@link dev.pipeline.boot.actuate.PipelineRegistry} seam and the health indicator.
 */
@NullMarked
package dev.pipeline.boot.actuate;

import org.jspecify.annotations.NullMarked;
