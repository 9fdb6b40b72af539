package dev.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;

import dev.pipeline.core.SourceMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * The {@linkplain KafkaMetadata metadata} of a record from a share group, read from the
 * record when asked. Unlike a consumer group's, {@link KafkaMetadata#HEADERS} is always
 * present (an empty map when the record has none) and
 * {@link KafkaMetadata#DELIVERY_COUNT} is the broker's count.
 */
final class ShareRecordMetadata extends SourceMetadata {

	private static final byte[] EMPTY = new byte[0];

	private static final String[] KEYS = { KafkaMetadata.TOPIC, KafkaMetadata.PARTITION, KafkaMetadata.OFFSET,
			KafkaMetadata.TIMESTAMP, KafkaMetadata.KEY, KafkaMetadata.HEADERS, KafkaMetadata.DELIVERY_COUNT };

	private final ShareDelivery delivery;

	private volatile @Nullable Map<String, byte[]> headers;

	ShareRecordMetadata(ShareDelivery delivery) {
		super(KEYS);
		this.delivery = delivery;
	}

	@Override
	public @Nullable Object get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		ConsumerRecord<byte[], byte[]> record = this.delivery.record();
		return switch (name) {
			case KafkaMetadata.TOPIC -> record.topic();
			case KafkaMetadata.PARTITION -> record.partition();
			case KafkaMetadata.OFFSET -> record.offset();
			case KafkaMetadata.TIMESTAMP -> record.timestamp();
			case KafkaMetadata.KEY -> record.key();
			case KafkaMetadata.HEADERS -> headers();
			case KafkaMetadata.DELIVERY_COUNT -> this.delivery.deliveryCount();
			default -> null;
		};
	}

	private Map<String, byte[]> headers() {
		Map<String, byte[]> values = this.headers;
		if (values == null) {
			Map<String, byte[]> read = new HashMap<>();
			for (Header header : this.delivery.record().headers()) {
				read.put(header.key(), (header.value() != null) ? header.value() : EMPTY);
			}
			values = Map.copyOf(read);
			this.headers = values;
		}
		return values;
	}

}
