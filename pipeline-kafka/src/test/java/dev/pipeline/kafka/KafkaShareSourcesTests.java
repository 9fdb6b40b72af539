package dev.pipeline.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.core.PipelineConfigurationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Validation of the share-group settings, the failure decision, and the metadata of a
 * share-group record. No broker.
 */
class KafkaShareSourcesTests {

	@Test
	void whenMaxDeliveriesIsSetWithReleaseThenTheErrorSaysWhereItApplies() {
		KafkaShareSourceProperties properties = properties();
		properties.setMaxDeliveries(3);
		assertProblem(properties,
				"Invalid value '3' for 'pipeline.pipelines.jobs.producer.kafka-share.max-deliveries':"
						+ " applies only to on-failure 'reject' or 'dead-letter'; with 'release' the broker's"
						+ " group.share.delivery.count.limit ends redelivery.",
				"Set on-failure to 'reject' or 'dead-letter', or remove max-deliveries.");
	}

	@Test
	void whenMaxDeliveriesIsOutOfTheBrokersRangeThenTheErrorNamesTheLimit() {
		KafkaShareSourceProperties properties = properties();
		properties.setOnFailure(ShareFailureAction.REJECT);
		properties.setMaxDeliveries(11);
		assertProblem(properties,
				"Invalid value '11' for 'pipeline.pipelines.jobs.producer.kafka-share.max-deliveries':"
						+ " must be between 1 and 10.",
				"Set at most the broker's group.share.delivery.count.limit (5 by default).");
	}

	@Test
	void whenMaxPollRecordsIsZeroThenTheErrorNamesTheKey() {
		KafkaShareSourceProperties properties = properties();
		properties.setMaxPollRecords(0);
		assertProblem(properties,
				"Invalid value '0' for 'pipeline.pipelines.jobs.producer.kafka-share.max-poll-records':"
						+ " must be 1 or more.",
				"Set a positive integer, or remove the key to follow the pipeline's demand.");
	}

	@Test
	void whenNoGroupIsConfiguredAnywhereThenTheErrorNamesBothKeys() {
		KafkaShareSourceProperties properties = properties();
		properties.setGroupId(null);
		assertThatExceptionOfType(PipelineConfigurationException.class)
			.isThrownBy(() -> KafkaShareSources.create("jobs", properties, 1, new MockKafka()))
			.satisfies((ex) -> assertThat(ex.reason("pipeline.pipelines."))
				.isEqualTo("No share group for 'pipeline.pipelines.jobs.producer.kafka-share.group-id': neither it nor"
						+ " 'spring.kafka.consumer.group-id' is set."));
	}

	@Test
	void whenARecordFailsBeforeMaxDeliveriesThenItIsReleasedAndAtMaxDeliveriesRejected() {
		KafkaShareSettings settings = new KafkaShareSettings("d", List.of("jobs"), "g", ShareFailureAction.REJECT, 3,
				null, 10, 1, KafkaSources.defaultReconnect());
		assertThat(settings.onFailure(1)).isEqualTo(ShareFailureAction.RELEASE);
		assertThat(settings.onFailure(2)).isEqualTo(ShareFailureAction.RELEASE);
		assertThat(settings.onFailure(3)).isEqualTo(ShareFailureAction.REJECT);
		KafkaShareSettings release = new KafkaShareSettings("d", List.of("jobs"), "g", ShareFailureAction.RELEASE, 1,
				null, 10, 1, KafkaSources.defaultReconnect());
		assertThat(release.onFailure(4)).isEqualTo(ShareFailureAction.RELEASE);
	}

	@Test
	void whenARecordHasNoHeadersThenItsMetadataHasAnEmptyMapAndTheBrokersDeliveryCount() {
		ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("jobs", 0, 42L, 1000L, TimestampType.CREATE_TIME,
				0, 0, null, new byte[] { 1 }, new RecordHeaders(), Optional.empty(), Optional.of((short) 3));
		Map<String, Object> metadata = new ShareRecordMetadata(new ShareDelivery(record, null));
		assertThat(metadata).containsEntry(KafkaMetadata.TOPIC, "jobs")
			.containsEntry(KafkaMetadata.PARTITION, 0)
			.containsEntry(KafkaMetadata.OFFSET, 42L)
			.containsEntry(KafkaMetadata.TIMESTAMP, 1000L)
			.containsEntry(KafkaMetadata.HEADERS, Map.of())
			.containsEntry(KafkaMetadata.DELIVERY_COUNT, 3)
			.doesNotContainKey(KafkaMetadata.KEY);
	}

	private static KafkaShareSourceProperties properties() {
		KafkaShareSourceProperties properties = new KafkaShareSourceProperties();
		properties.setTopics(List.of("jobs"));
		properties.setGroupId("workers");
		return properties;
	}

	private static void assertProblem(KafkaShareSourceProperties properties, String reason, String action) {
		assertThatExceptionOfType(PipelineConfigurationException.class)
			.isThrownBy(() -> KafkaShareSources.create("jobs", properties, 1, new MockKafka()))
			.satisfies((ex) -> {
				assertThat(ex.reason("pipeline.pipelines.")).isEqualTo(reason);
				assertThat(ex.action()).isEqualTo(action);
			});
	}

}
