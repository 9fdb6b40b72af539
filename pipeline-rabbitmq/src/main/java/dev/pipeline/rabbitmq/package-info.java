/**
 * The RabbitMQ source: consumes a queue through Spring AMQP's connection factory, with
 * demand, prefetch and grouped acknowledgements.
 */
@NullMarked
package dev.pipeline.rabbitmq;

import org.jspecify.annotations.NullMarked;
