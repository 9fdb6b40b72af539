package dev.pipeline.kafka;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What pipeline threads and the producer's callback thread hand over to a source's poll
 * thread, the only thread that touches offsets.
 */
sealed interface Settlement {

	/**
	 * Whether the poll thread should handle this now rather than at its next turn: a
	 * failure may be retried or dead-lettered, and a dead letter's outcome lets its
	 * offset go.
	 * @return whether it needs the poll thread now
	 */
	boolean needsPollThread();

	/**
	 * A group of messages of one assignment was acknowledged.
	 *
	 * @param owner the assignment
	 * @param successful the offsets of the successful records
	 * @param failed the failed records
	 */
	record Acknowledged(AssignedPartition owner, long[] successful, List<Failure> failed) implements Settlement {

		@Override
		public boolean needsPollThread() {
			return !this.failed.isEmpty();
		}

	}

	/**
	 * A dead letter was published, or could not be.
	 *
	 * @param failure the failed record
	 * @param error why it could not be published, or {@code null}
	 */
	record DeadLettered(Failure failure, @Nullable Throwable error) implements Settlement {

		@Override
		public boolean needsPollThread() {
			return true;
		}

	}

	/**
	 * A failed record.
	 *
	 * @param delivery the delivery that failed
	 * @param reason why
	 * @param cause the exception, if any
	 */
	record Failure(KafkaDelivery delivery, String reason, @Nullable Throwable cause) {
	}

}
