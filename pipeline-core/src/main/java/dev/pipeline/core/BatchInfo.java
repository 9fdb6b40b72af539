package dev.pipeline.core;

import org.jspecify.annotations.Nullable;

/**
 * What a batch is, given to {@link Handler#handleBatch} with it.
 *
 * @param batcher the batcher's name
 * @param batchKey the batch key its messages share; {@code null} for the default batch
 * @param partition the batcher partition, or -1 when the batcher is not partitioned
 * @param size the number of messages
 * @param trigger why the batch was emitted
 * @since 0.1.0
 */
public record BatchInfo(String batcher, @Nullable Object batchKey, int partition, int size, BatchTrigger trigger) {
}
