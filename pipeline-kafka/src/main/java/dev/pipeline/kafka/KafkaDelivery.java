package dev.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;

import dev.pipeline.core.Message;
import dev.pipeline.core.SourceMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * One delivery of a record into the pipeline: the per-message acknowledgement data of a
 * Kafka message, and its {@linkplain KafkaMetadata metadata}, read from the record when
 * asked. One object is both, so the poll thread makes no more than it must per record: no
 * map is built, and what nobody reads is never boxed or copied. Unmodifiable, like every
 * message's metadata. Every key but {@code key} is always there: a record without headers
 * has an empty {@code headers} map, and a first delivery has {@code delivery-attempt} 1.
 */
final class KafkaDelivery extends SourceMetadata {

	private static final byte[] EMPTY = new byte[0];

	private static final String[] KEYS = { KafkaMetadata.TOPIC, KafkaMetadata.PARTITION, KafkaMetadata.OFFSET,
			KafkaMetadata.TIMESTAMP, KafkaMetadata.KEY, KafkaMetadata.HEADERS, KafkaMetadata.DELIVERY_ATTEMPT };

	private final AssignedPartition owner;

	private final ConsumerRecord<byte[], byte[]> record;

	private final int attempt;

	private final @Nullable BackOffExecution retries;

	private volatile @Nullable Map<String, byte[]> headers;

	/**
	 * @param owner the assignment of the record's partition it came from
	 * @param record the record
	 * @param attempt 1 for the first delivery, then 2, 3... for retries
	 * @param retries the retry back-off's execution since the record first failed, or
	 * {@code null} before it failed
	 */
	KafkaDelivery(AssignedPartition owner, ConsumerRecord<byte[], byte[]> record, int attempt,
			@Nullable BackOffExecution retries) {
		super(KEYS);
		this.owner = owner;
		this.record = record;
		this.attempt = attempt;
		this.retries = retries;
	}

	AssignedPartition owner() {
		return this.owner;
	}

	ConsumerRecord<byte[], byte[]> record() {
		return this.record;
	}

	int attempt() {
		return this.attempt;
	}

	@Nullable BackOffExecution retries() {
		return this.retries;
	}

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
		return Message.of((value != null) ? value : EMPTY, this, this.owner, this, this.owner.batchKey);
	}

	@Override
	public @Nullable Object get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		return switch (name) {
			case KafkaMetadata.TOPIC -> this.record.topic();
			case KafkaMetadata.PARTITION -> this.record.partition();
			case KafkaMetadata.OFFSET -> this.record.offset();
			case KafkaMetadata.TIMESTAMP -> this.record.timestamp();
			case KafkaMetadata.KEY -> this.record.key();
			case KafkaMetadata.HEADERS -> headers();
			case KafkaMetadata.DELIVERY_ATTEMPT -> this.attempt;
			default -> null;
		};
	}

	private Map<String, byte[]> headers() {
		Map<String, byte[]> values = this.headers;
		if (values == null) {
			Header[] all = this.record.headers().toArray();
			if (all.length == 0) {
				return Map.of();
			}
			Map<String, byte[]> read = new HashMap<>();
			for (Header header : all) {
				read.put(header.key(), (header.value() != null) ? header.value() : EMPTY);
			}
			values = Map.copyOf(read);
			this.headers = values;
		}
		return values;
	}

	/**
	 * Describes the delivery, not its entries, so that logs name the record briefly.
	 */
	@Override
	public String toString() {
		return this.record.topic() + "-" + this.record.partition() + "@" + this.record.offset() + " (attempt "
				+ this.attempt + ")";
	}

}
