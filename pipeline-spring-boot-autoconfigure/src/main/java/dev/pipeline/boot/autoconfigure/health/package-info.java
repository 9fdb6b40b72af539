/**
 * Auto-configuration of the pipelines' health support: wiring only.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
