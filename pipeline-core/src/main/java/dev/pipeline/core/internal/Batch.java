package dev.pipeline.core.internal;

import java.util.List;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;

/**
 * A batch on its way from a batcher to a batch worker.
 *
 * @param messages the messages, in the order the batcher received them
 * @param info what the batch is
 */
record Batch(List<Message<?>> messages, BatchInfo info) {
}
