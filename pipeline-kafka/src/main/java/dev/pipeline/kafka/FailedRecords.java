package dev.pipeline.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * What happens to failed records, on the poll thread: a retry after a back-off (the
 * record is emitted again, its offset stays unsettled meanwhile), then a dead letter or a
 * skip. A dead letter that cannot be published is tried again after the back-off; its
 * offset is settled only when the broker has it.
 */
final class FailedRecords {

	private static final Log logger = LogFactory.getLog(FailedRecords.class);

	private final KafkaSourceSettings settings;

	private final KafkaClients clients;

	private final Handover handover;

	private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();

	private long sequence;

	volatile long retried;

	volatile long deadLettered;

	volatile long skipped;

	FailedRecords(KafkaSourceSettings settings, KafkaClients clients, Handover handover) {
		this.settings = settings;
		this.clients = clients;
		this.handover = handover;
	}

	/**
	 * Decides what happens to a failed record.
	 * @param failure the failure
	 * @param now the time, in nanoseconds
	 * @param retryAllowed whether the record may be emitted again (not while draining or
	 * revoking)
	 * @return whether the record's offset is settled now
	 */
	boolean failed(Settlement.Failure failure, long now, boolean retryAllowed) {
		KafkaDelivery delivery = failure.delivery();
		if (delivery.attempt() <= this.settings.retries()) {
			if (retryAllowed) {
				schedule(failure, now + this.settings.backoff(delivery.attempt()), false);
			}
			return false;
		}
		if (this.settings.failureAction() == KafkaFailureAction.SKIP) {
			logger.warn("Skipping " + delivery + ": " + failure.reason());
			this.skipped++;
			return true;
		}
		publish(failure);
		return false;
	}

	/**
	 * Takes what a dead letter's publication came to.
	 * @param result the outcome
	 * @param now the time, in nanoseconds
	 * @return whether the record's offset is settled now
	 */
	boolean deadLettered(Settlement.DeadLettered result, long now) {
		KafkaDelivery delivery = result.failure().delivery();
		delivery.owner().deadLettersInFlight--;
		if (result.error() == null) {
			this.deadLettered++;
			return true;
		}
		logger.warn("Could not publish " + delivery + " to its dead-letter topic; trying again", result.error());
		schedule(result.failure(), now + this.settings.backoff(1), true);
		return false;
	}

	/**
	 * Returns the retries that are due, and publishes the dead letters that are due.
	 * @param now the time, in nanoseconds
	 * @return the deliveries to emit again, in the order they became due
	 */
	List<KafkaDelivery> due(long now) {
		List<KafkaDelivery> ready = new ArrayList<>();
		while (!this.scheduled.isEmpty() && this.scheduled.peek().due - now <= 0) {
			Scheduled next = this.scheduled.poll();
			if (next.failure.delivery().owner().isReleased()) {
				continue;
			}
			if (next.deadLetter) {
				publish(next.failure);
			}
			else {
				this.retried++;
				ready.add(next.failure.delivery().retry());
			}
		}
		return ready;
	}

	/**
	 * @return when the next scheduled work is due, in nanoseconds, or
	 * {@code Long.MAX_VALUE}
	 */
	long nextDue(long now) {
		Scheduled next = this.scheduled.peek();
		return (next != null) ? Math.max(0, next.due - now) : Long.MAX_VALUE;
	}

	/**
	 * Forgets the scheduled retries of partitions that left: their records are left for
	 * the partition's next owner.
	 * @param owners the assignments that ended
	 * @return how many records were forgotten
	 */
	int forget(Collection<AssignedPartition> owners) {
		int before = this.scheduled.size();
		this.scheduled.removeIf((s) -> owners.contains(s.failure.delivery().owner()));
		return before - this.scheduled.size();
	}

	/** Forgets every scheduled retry: the source stops fetching. */
	void forgetRetries() {
		this.scheduled.removeIf((s) -> !s.deadLetter);
	}

	private void schedule(Settlement.Failure failure, long due, boolean deadLetter) {
		this.scheduled.add(new Scheduled(failure, due, deadLetter, this.sequence++));
	}

	private void publish(Settlement.Failure failure) {
		KafkaDelivery delivery = failure.delivery();
		delivery.owner().deadLettersInFlight++;
		try {
			this.clients.publish(deadLetter(failure))
				.whenComplete((result, ex) -> this.handover.add(new Settlement.DeadLettered(failure, ex)));
		}
		catch (RuntimeException ex) {
			this.handover.add(new Settlement.DeadLettered(failure, ex));
		}
	}

	private ProducerRecord<byte[], byte[]> deadLetter(Settlement.Failure failure) {
		KafkaDelivery delivery = failure.delivery();
		ConsumerRecord<byte[], byte[]> record = delivery.record();
		return new ProducerRecord<>(this.settings.deadLetterTopicFor(record.topic()), null, record.key(),
				record.value(), DeadLetterHeaders.of(record, this.settings.groupId(), failure.reason(), failure.cause(),
						delivery.attempt()));
	}

	private record Scheduled(Settlement.Failure failure, long due, boolean deadLetter,
			long sequence) implements Comparable<Scheduled> {

		@Override
		public int compareTo(Scheduled other) {
			int byTime = Long.compare(this.due - other.due, 0);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

}
