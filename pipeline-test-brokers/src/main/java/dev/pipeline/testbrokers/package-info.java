/**
 * Brokers for the project's broker tests: Testcontainers with {@code @ServiceConnection}
 * when a Docker engine answers, the local brokers otherwise.
 */
@NullMarked
package dev.pipeline.testbrokers;

import org.jspecify.annotations.NullMarked;
