package dev.pipeline.core;

import java.time.Duration;

/**
 * How a drain ended.
 *
 * @param completed whether everything fetched was acknowledged within the shutdown
 * timeout
 * @param released messages released to the source unacknowledged because the timeout
 * passed
 * @param took how long the drain took
 * @since 0.1.0
 */
public record DrainResult(boolean completed, long released, Duration took) {
}
