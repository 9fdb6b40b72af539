package dev.pipeline.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * What happens to failed records, on the poll thread: retries after the delays of the
 * retry policy's back-off, one execution per record (the record is emitted again, its
 * offset stays unsettled meanwhile), then a dead letter or a skip. A dead letter that
 * cannot be published is tried again after the reconnect back-off's delays, for as long
 * as it takes; its offset is settled only when the broker has it.
 */
final class FailedRecords {

	private static final Log logger = LogFactory.getLog(FailedRecords.class);

	private final KafkaSourceSettings settings;

	private final KafkaClients clients;

	private final Handover handover;

	private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();

	private long sequence;

	/**
	 * The reconnect back-off's execution since a dead letter last could not be published,
	 * or null.
	 */
	private @Nullable BackOffExecution publishing;

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
		Throwable cause = failure.cause();
		if (cause == null || this.settings.retry().shouldRetry(cause)) {
			BackOffExecution retries = delivery.retries();
			if (retries == null) {
				retries = this.settings.retry().getBackOff().start();
			}
			long delay = retries.nextBackOff();
			if (delay != BackOffExecution.STOP) {
				if (retryAllowed) {
					if (logger.isDebugEnabled()) {
						logger.debug("Retrying " + delivery + " in " + delay + " ms: " + failure.reason());
					}
					schedule(failure, now + TimeUnit.MILLISECONDS.toNanos(delay), retries);
				}
				return false;
			}
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
			this.publishing = null;
			return true;
		}
		if (this.publishing == null) {
			this.publishing = this.settings.reconnect().start();
		}
		long delay = this.publishing.nextBackOff();
		if (delay == BackOffExecution.STOP) {
			this.publishing = this.settings.reconnect().start();
			delay = Math.max(0, this.publishing.nextBackOff());
		}
		logger.warn("Could not publish " + delivery + " to its dead-letter topic; trying again in " + delay + " ms",
				result.error());
		schedule(result.failure(), now + TimeUnit.MILLISECONDS.toNanos(delay), null);
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
			if (next.retries == null) {
				publish(next.failure);
			}
			else {
				this.retried++;
				ready.add(next.failure.delivery().retry(next.retries));
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
		this.scheduled.removeIf((s) -> s.retries != null);
	}

	/**
	 * Schedules a retry, or a dead letter's publication.
	 * @param failure the failed record
	 * @param due when, in nanoseconds
	 * @param retries the record's retry back-off, or {@code null} for a dead letter
	 */
	private void schedule(Settlement.Failure failure, long due, @Nullable BackOffExecution retries) {
		this.scheduled.add(new Scheduled(failure, due, retries, this.sequence++));
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

	private record Scheduled(Settlement.Failure failure, long due, @Nullable BackOffExecution retries,
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
