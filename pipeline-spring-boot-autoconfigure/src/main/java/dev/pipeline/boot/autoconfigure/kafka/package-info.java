/**
 * Auto-configuration of the Kafka source; wiring only.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
