/**
 * Auto-configuration of pipelines declared under {@code pipeline.pipelines.*}.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
