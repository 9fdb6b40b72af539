/**
 * Broker benchmarks: the starter's RabbitMQ and Kafka sources against the bare clients
 * and Spring's own listeners, in the same JVM and run, on the local brokers. See
 * docs/benchmarks-brokers.md.
 */
@NullMarked
package dev.pipeline.bench.broker;

import org.jspecify.annotations.NullMarked;
