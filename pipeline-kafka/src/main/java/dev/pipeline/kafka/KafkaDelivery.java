package dev.pipeline.kafka;

import dev.pipeline.core.Message;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * One delivery of a record into the pipeline: the per-message acknowledgement data of a
 * Kafka message.
 *
 * @param owner the assignment of the record's partition it came from
 * @param record the record
 * @param attempt 1 for the first delivery, then 2, 3... for retries
 * @param retries the retry back-off's execution since the record first failed, or
 * {@code null} before it failed
 */
record KafkaDelivery(AssignedPartition owner, ConsumerRecord<byte[], byte[]> record, int attempt,
		@Nullable BackOffExecution retries) {

	private static final byte[] EMPTY = new byte[0];

	long offset() {
		return this.record.offset();
	}

	/**
	 * Returns the record's next delivery.
	 * @param retries the retry back-off's execution, to go on with at its next failure
	 * @return the delivery
	 */
	KafkaDelivery retry(BackOffExecution retries) {
		return new KafkaDelivery(this.owner, this.record, this.attempt + 1, retries);
	}

	Message<byte[]> toMessage() {
		byte[] value = this.record.value();
		Message<byte[]> message = Message.of((value != null) ? value : EMPTY,
				new RecordMetadata(this.record, this.attempt), this.owner, this);
		return (this.owner.batchKey != null) ? message.withBatchKey(this.owner.batchKey) : message;
	}

	@Override
	public String toString() {
		return this.record.topic() + "-" + this.record.partition() + "@" + this.record.offset() + " (attempt "
				+ this.attempt + ")";
	}

}
