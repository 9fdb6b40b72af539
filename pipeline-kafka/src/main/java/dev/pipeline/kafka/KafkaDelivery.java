package dev.pipeline.kafka;

import dev.pipeline.core.Message;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One delivery of a record into the pipeline: the per-message acknowledgement data of a
 * Kafka message.
 *
 * @param owner the assignment of the record's partition it came from
 * @param record the record
 * @param attempt 1 for the first delivery, then 2, 3... for retries
 */
record KafkaDelivery(AssignedPartition owner, ConsumerRecord<byte[], byte[]> record, int attempt) {

	private static final byte[] EMPTY = new byte[0];

	long offset() {
		return this.record.offset();
	}

	KafkaDelivery retry() {
		return new KafkaDelivery(this.owner, this.record, this.attempt + 1);
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
