/**
 * Start-up errors of pipelines and the failure analyzer that reports them.
 */
@NullMarked
package dev.pipeline.boot.diagnostics;

import org.jspecify.annotations.NullMarked;
