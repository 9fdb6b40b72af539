/**
 * A pipeline source that pulls queued events from an EventRelay destination over gRPC.
 */
@NullMarked
package dev.pipeline.eventrelay;

import org.jspecify.annotations.NullMarked;
