/**
 * Auto-configuration of the live pipelines dashboard: wiring only.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure.dashboard;

import org.jspecify.annotations.NullMarked;
