/**
 * Auto-configuration of the RabbitMQ source; wiring only.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure.rabbitmq;

import org.jspecify.annotations.NullMarked;
