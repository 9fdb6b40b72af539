package dev.pipeline.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * The per-message acknowledgement data of a record from a share group.
 *
 * @param record the record, as the share consumer returned it
 * @param onFailure the handler's choice for a failure, or {@code null} for the source's
 */
record ShareDelivery(ConsumerRecord<byte[], byte[]> record, @Nullable ShareFailureAction onFailure) {

	/**
	 * @return the record's delivery count: 1 for the first delivery
	 */
	int deliveryCount() {
		return this.record.deliveryCount().map(Short::intValue).orElse(1);
	}

	@Override
	public String toString() {
		return this.record.topic() + "-" + this.record.partition() + "@" + this.record.offset() + " (delivery "
				+ deliveryCount() + ")";
	}

}
