package dev.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;

import dev.pipeline.core.SourceMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * The {@linkplain KafkaMetadata metadata} of a Kafka message, read from its record when
 * asked: the poll thread builds no map per record, and what nobody reads is never boxed
 * or copied. Unmodifiable, like every message's metadata. Every key but {@code key} is
 * always there: a record without headers has an empty {@code headers} map, and a first
 * delivery has {@code delivery-attempt} 1.
 */
final class RecordMetadata extends SourceMetadata {

	private static final byte[] EMPTY = new byte[0];

	private static final String[] KEYS = { KafkaMetadata.TOPIC, KafkaMetadata.PARTITION, KafkaMetadata.OFFSET,
			KafkaMetadata.TIMESTAMP, KafkaMetadata.KEY, KafkaMetadata.HEADERS, KafkaMetadata.DELIVERY_ATTEMPT };

	private final ConsumerRecord<byte[], byte[]> record;

	private final int attempt;

	private volatile @Nullable Map<String, byte[]> headers;

	RecordMetadata(ConsumerRecord<byte[], byte[]> record, int attempt) {
		super(KEYS);
		this.record = record;
		this.attempt = attempt;
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

}
