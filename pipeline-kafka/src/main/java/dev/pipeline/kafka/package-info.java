/**
 * The Kafka source: consumes topics with a consumer group, under the pipeline's demand,
 * and commits offsets only behind acknowledged records.
 */
@NullMarked
package dev.pipeline.kafka;

import org.jspecify.annotations.NullMarked;
