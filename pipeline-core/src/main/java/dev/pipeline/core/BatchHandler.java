package dev.pipeline.core;

import java.util.List;

/**
 * Handles one batch in a batch worker: Broadway's {@code handle_batch}. Runs on a batch
 * worker's thread; the batches of one batch key always go to the same worker, one at a
 * time, in order.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
@FunctionalInterface
public interface BatchHandler<T> {

	/**
	 * Handles one batch. Return its messages, each ok or failed on purpose. A message
	 * left out of the returned list is acknowledged as failed, with a reason that says
	 * so.
	 * @param batch the messages, in the order the batcher received them
	 * @param info the batcher, batch key, partition, size and what emitted the batch
	 * @return the messages of the batch
	 * @throws Exception to fail every message of the batch; the pipeline goes on
	 */
	List<Message<T>> handle(List<Message<T>> batch, BatchInfo info) throws Exception;

}
