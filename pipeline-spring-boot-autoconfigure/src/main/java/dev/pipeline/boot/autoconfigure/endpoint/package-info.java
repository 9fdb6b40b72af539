/**
 * Auto-configuration of the pipelines' endpoint support: wiring only.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
