/**
 * The test API: push messages through a pipeline's real handlers and wait for their
 * acknowledgement.
 */
@NullMarked
package dev.pipeline.core.testing;

import org.jspecify.annotations.NullMarked;
