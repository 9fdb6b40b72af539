package dev.pipeline.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Kafka message's metadata is read from its record, holds exactly the documented
 * entries, and cannot be changed.
 */
class KafkaDeliveryTests {

	private static final Acknowledger NOTHING = (successful, failed) -> {
	};

	private static ConsumerRecord<byte[], byte[]> record(byte[] key, RecordHeaders headers) {
		return new ConsumerRecord<>("orders", 3, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1, key,
				"v".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
	}

	private static KafkaDelivery delivery(ConsumerRecord<byte[], byte[]> record, int attempt) {
		AssignedPartition owner = new AssignedPartition(new TopicPartition(record.topic(), record.partition()),
				new Handover(), null);
		return new KafkaDelivery(owner, record, attempt, null);
	}

	@Test
	void whenReadThenItHoldsTheRecordsTopicPartitionOffsetTimestampKeyAndHeaders() {
		RecordHeaders headers = new RecordHeaders(List
			.of(new RecordHeader("trace", "t1".getBytes(StandardCharsets.UTF_8)), new RecordHeader("empty", null)));
		KafkaDelivery metadata = delivery(record("k".getBytes(StandardCharsets.UTF_8), headers), 1);
		assertThat(metadata).containsOnlyKeys(KafkaMetadata.TOPIC, KafkaMetadata.PARTITION, KafkaMetadata.OFFSET,
				KafkaMetadata.TIMESTAMP, KafkaMetadata.KEY, KafkaMetadata.HEADERS, KafkaMetadata.DELIVERY_ATTEMPT);
		assertThat(metadata).containsEntry(KafkaMetadata.TOPIC, "orders")
			.containsEntry(KafkaMetadata.PARTITION, 3)
			.containsEntry(KafkaMetadata.OFFSET, 42L)
			.containsEntry(KafkaMetadata.TIMESTAMP, 1_700_000_000_000L);
		@SuppressWarnings("unchecked")
		Map<String, byte[]> read = (Map<String, byte[]>) metadata.get(KafkaMetadata.HEADERS);
		assertThat(read).containsOnlyKeys("trace", "empty");
		assertThat(read.get("trace")).isEqualTo("t1".getBytes(StandardCharsets.UTF_8));
		assertThat(read.get("empty")).isEmpty();
		assertThat(metadata).isEqualTo(Map.copyOf(metadata));
	}

	@Test
	void whenTheRecordHasNoKeyNorHeadersThenOnlyTheKeyIsAbsentAndTheHeadersAreEmpty() {
		KafkaDelivery metadata = delivery(record(null, new RecordHeaders()), 1);
		assertThat(metadata).containsOnlyKeys(KafkaMetadata.TOPIC, KafkaMetadata.PARTITION, KafkaMetadata.OFFSET,
				KafkaMetadata.TIMESTAMP, KafkaMetadata.HEADERS, KafkaMetadata.DELIVERY_ATTEMPT);
		assertThat(metadata).containsEntry(KafkaMetadata.HEADERS, Map.of())
			.containsEntry(KafkaMetadata.DELIVERY_ATTEMPT, 1);
		assertThat(metadata.containsKey(KafkaMetadata.HEADERS)).isTrue();
		assertThat(metadata.get("unknown")).isNull();
	}

	@Test
	void whenARetryThenTheAttemptIsThere() {
		assertThat(delivery(record(null, new RecordHeaders()), 3)).containsEntry(KafkaMetadata.DELIVERY_ATTEMPT, 3);
	}

	@Test
	void whenAMessageIsMadeThenItKeepsTheViewAndNobodyCanChangeIt() {
		KafkaDelivery metadata = delivery(record(null, new RecordHeaders()), 1);
		Message<byte[]> message = Message.of(new byte[0], metadata, NOTHING, null);
		assertThat(message.metadata()).isSameAs(metadata);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> message.metadata().put("topic", "other"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> message.metadata().entrySet().clear());
	}

}
