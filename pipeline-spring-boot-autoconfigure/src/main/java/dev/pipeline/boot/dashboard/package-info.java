/**
 * The live pipelines dashboard: one page that reads and drives the {@code pipelines}
 * Actuator endpoint.
 */
@NullMarked
package dev.pipeline.boot.dashboard;

import org.jspecify.annotations.NullMarked;
