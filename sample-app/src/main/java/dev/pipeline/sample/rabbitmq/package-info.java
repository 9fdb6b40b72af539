/**
 * The sample on RabbitMQ (profile {@code rabbitmq}): wiring only.
 */
@NullMarked
package dev.pipeline.sample.rabbitmq;

import org.jspecify.annotations.NullMarked;
