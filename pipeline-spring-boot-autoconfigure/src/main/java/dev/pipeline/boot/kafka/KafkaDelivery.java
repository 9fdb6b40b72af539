package dev.pipeline.boot.kafka;

import java.util.HashMap;
import java.util.Map;

import dev.pipeline.core.Message;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

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
		Map<String, Object> metadata = new HashMap<>(8);
		metadata.put(KafkaMetadata.TOPIC, this.record.topic());
		metadata.put(KafkaMetadata.PARTITION, this.record.partition());
		metadata.put(KafkaMetadata.OFFSET, this.record.offset());
		metadata.put(KafkaMetadata.TIMESTAMP, this.record.timestamp());
		if (this.record.key() != null) {
			metadata.put(KafkaMetadata.KEY, this.record.key());
		}
		Header[] headers = this.record.headers().toArray();
		if (headers.length > 0) {
			Map<String, byte[]> values = new HashMap<>();
			for (Header header : headers) {
				values.put(header.key(), (header.value() != null) ? header.value() : EMPTY);
			}
			metadata.put(KafkaMetadata.HEADERS, Map.copyOf(values));
		}
		if (this.attempt > 1) {
			metadata.put(KafkaMetadata.DELIVERY_ATTEMPT, this.attempt);
		}
		byte[] value = this.record.value();
		return Message.of((value != null) ? value : EMPTY, metadata, this.owner, this);
	}

	@Override
	public String toString() {
		return this.record.topic() + "-" + this.record.partition() + "@" + this.record.offset() + " (attempt "
				+ this.attempt + ")";
	}

}
