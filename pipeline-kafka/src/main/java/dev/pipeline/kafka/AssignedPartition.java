package dev.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageStatus;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * One assignment of a partition to one consumer: the acknowledger of every message
 * fetched from it while it was assigned. A partition that is revoked and assigned again
 * gets a new instance, so acknowledgements that arrive for an older assignment (its
 * generation) are recognised by identity and ignored.
 *
 * <p>
 * {@link #acknowledge} runs on pipeline threads and only hands the offsets over to the
 * poll thread; everything else here belongs to the poll thread.
 */
final class AssignedPartition implements Acknowledger {

	final TopicPartition partition;

	final OffsetTracker offsets = new OffsetTracker();

	/**
	 * The batch key of its messages: the partition in an ordered mode, so that one
	 * partition's batches hold only its records and go to one batch worker, in order.
	 */
	final @Nullable TopicPartition batchKey;

	/** The order-by key of its records, {@link KafkaOrdering#PARTITION}'s. */
	final Integer orderKey;

	/** Records emitted and not yet acknowledged (poll thread). */
	int inPipeline;

	/** Dead letters being published (poll thread). */
	int deadLettersInFlight;

	/** The highest position handed to a commit (poll thread). */
	long requested = -1;

	/** The highest position the broker confirmed (poll thread). */
	long committed = -1;

	/** The offset of the first record fetched from it, -1 before any (poll thread). */
	long firstFetched = -1;

	private final Handover handover;

	private volatile boolean released;

	AssignedPartition(TopicPartition partition, Handover handover, @Nullable TopicPartition batchKey) {
		this.partition = partition;
		this.handover = handover;
		this.batchKey = batchKey;
		this.orderKey = KafkaOrdering.keyOf(partition.topic(), partition.partition());
	}

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
		if (this.released) {
			return;
		}
		long[] offsets = new long[successful.size()];
		for (int i = 0; i < offsets.length; i++) {
			offsets[i] = ((KafkaDelivery) successful.get(i).ackData()).offset();
		}
		List<Settlement.Failure> failures = new ArrayList<>(failed.size());
		for (Message<?> message : failed) {
			KafkaDelivery delivery = (KafkaDelivery) message.ackData();
			String reason = "Failed.";
			Throwable cause = null;
			if (message.status() instanceof MessageStatus.Failed status) {
				reason = status.reason();
				cause = status.cause();
			}
			failures.add(new Settlement.Failure(delivery, reason, cause));
		}
		this.handover.add(new Settlement.Acknowledged(this, offsets, failures));
	}

	/** Ignores every later acknowledgement: the partition left this consumer. */
	void release() {
		this.released = true;
	}

	boolean isReleased() {
		return this.released;
	}

	/**
	 * @return whether records of this assignment are still being handled
	 */
	boolean hasWork() {
		return this.inPipeline > 0 || this.deadLettersInFlight > 0;
	}

	@Override
	public String toString() {
		return "kafka " + this.partition;
	}

}
