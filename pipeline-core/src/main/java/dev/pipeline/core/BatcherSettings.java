package dev.pipeline.core;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one batcher, validated.
 *
 * @param name the batcher's name, the one messages are routed to
 * @param batchSize a batch is emitted when it holds this many messages
 * @param batchMaxBytes a batch is emitted before the next message would take its payloads
 * past this many bytes; 0 for no byte limit
 * @param sizer the size in bytes of a message's payload, used with {@code batchMaxBytes}
 * @param batchTimeout a batch is emitted this long after its first message, if not full
 * before
 * @param concurrency the number of batch workers
 * @param maxDemand the most messages the batcher holds in its inbox
 * @param partitionBy the key that picks a batch worker, or {@code null} to pick by batch
 * key
 * @param handler handles the batches
 * @param <T> the type of the data
 * @since 0.1.0
 */
public record BatcherSettings<T>(String name, int batchSize, long batchMaxBytes, ToLongFunction<Message<T>> sizer,
		Duration batchTimeout, int concurrency, int maxDemand, @Nullable Function<Message<T>, ?> partitionBy,
		BatchHandler<T> handler) {
}
