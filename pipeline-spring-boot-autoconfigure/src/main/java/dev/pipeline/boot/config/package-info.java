/**
 * The one schema of a pipeline's settings: binding at start-up and on restart, restart
 * overrides, and the effective configuration, all from the same settings types.
 */
@NullMarked
package dev.pipeline.boot.config;

import org.jspecify.annotations.NullMarked;
