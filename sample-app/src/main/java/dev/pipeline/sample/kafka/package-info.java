/**
 * The sample on Kafka (profile {@code kafka}): wiring only.
 */
@NullMarked
package dev.pipeline.sample.kafka;

import org.jspecify.annotations.NullMarked;
