package dev.pipeline.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * The open batches of {@link BareHandoff}'s batcher thread, one per partition, each with
 * the deadline it got from its first message. Used by that thread only.
 */
final class OpenBatches {

	private final @Nullable List<Message<?>>[] batches;

	private final long[] deadlines;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	OpenBatches(int partitions) {
		this.batches = new List[partitions];
		this.deadlines = new long[partitions];
		Arrays.fill(this.deadlines, Long.MAX_VALUE);
	}

	/**
	 * Adds a message to its partition's batch, opening the batch if needed.
	 * @param partition the partition
	 * @param message the message
	 * @param batchSize the batch size, for a new batch's capacity
	 * @param deadlineIfNew the deadline of a new batch
	 * @return the batch's size now
	 */
	int add(int partition, Message<?> message, int batchSize, long deadlineIfNew) {
		List<Message<?>> batch = this.batches[partition];
		if (batch == null) {
			batch = new ArrayList<>(batchSize);
			this.batches[partition] = batch;
			this.deadlines[partition] = deadlineIfNew;
		}
		batch.add(message);
		return batch.size();
	}

	long deadline(int partition) {
		return this.deadlines[partition];
	}

	/**
	 * @return the earliest deadline of the open batches, {@code Long.MAX_VALUE} when none
	 * is open
	 */
	long oldestDeadline() {
		long oldest = Long.MAX_VALUE;
		for (long deadline : this.deadlines) {
			oldest = Math.min(oldest, deadline);
		}
		return oldest;
	}

	/**
	 * Closes a partition's batch.
	 * @param partition the partition
	 * @return its batch, or {@code null} when none was open
	 */
	@Nullable List<Message<?>> take(int partition) {
		List<Message<?>> batch = this.batches[partition];
		this.batches[partition] = null;
		this.deadlines[partition] = Long.MAX_VALUE;
		return batch;
	}

}
