package dev.pipeline.kafka;

import java.util.List;
import java.util.Map;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineConfigurationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Validation of the Kafka settings, and the order-by function of each ordering mode.
 */
class KafkaSourcesTests {

	@Nested
	class Validation {

		@Test
		void whenNoTopicIsNamedThenTheErrorNamesTheKeyAndTheFix() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setTopics(List.of());
			assertProblem(properties,
					"Invalid value '[]' for 'pipeline.pipelines.orders.producer.kafka.topics': must name"
							+ " at least one topic.",
					"Set the topics to consume, e.g. 'topics: orders'.");
		}

		@Test
		void whenNoGroupIsConfiguredAnywhereThenTheErrorNamesBothKeys() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setGroupId(null);
			assertProblem(properties,
					"No consumer group for 'pipeline.pipelines.orders.producer.kafka.group-id': neither"
							+ " it nor 'spring.kafka.consumer.group-id' is set.",
					"Set one of them.");
		}

		@Test
		void whenCommitCountIsZeroThenTheErrorNamesTheKeyAndValue() {
			KafkaSourceProperties properties = MockKafka.properties();
			properties.setCommitCount(0);
			assertProblem(properties,
					"Invalid value '0' for 'pipeline.pipelines.orders.producer.kafka.commit-count': must be 1 or more.",
					"Set a positive integer, or remove the key to use the default.");
		}

		private static void assertProblem(KafkaSourceProperties properties, String reason, String action) {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> KafkaSources.create("orders", properties, 1, new MockKafka()))
				.satisfies((ex) -> {
					assertThat(ex.reason("pipeline.pipelines.")).isEqualTo(reason);
					assertThat(ex.action()).isEqualTo(action);
				});
		}

	}

	@Nested
	class Ordering {

		@Test
		void whenOrderingByPartitionThenRecordsOfOnePartitionShareAKeyAndPartitionsDiffer() {
			var key = KafkaOrdering.PARTITION.<byte[]>partitionKey();
			assertThat(key.apply(message("a", 0, "x"))).isEqualTo(key.apply(message("a", 0, "y")));
			assertThat(key.apply(message("a", 0, "x"))).isNotEqualTo(key.apply(message("a", 1, "x")));
		}

		@Test
		void whenOrderingByKeyThenRecordsWithEqualKeysShareAKeyAcrossCopiesOfTheBytes() {
			var key = KafkaOrdering.KEY.<byte[]>partitionKey();
			assertThat(key.apply(message("a", 0, "x"))).isEqualTo(key.apply(message("a", 0, new String("x"))));
			assertThat(key.apply(message("a", 0, "x"))).isNotEqualTo(key.apply(message("a", 0, "y")));
		}

		@Test
		void whenNoOrderingThenThereIsNoOrderBy() {
			assertThat(KafkaOrdering.NONE.<byte[]>partitionKey()).isNull();
		}

		private static Message<byte[]> message(String topic, int partition, String key) {
			return Message.of(new byte[0], Map.of(KafkaMetadata.TOPIC, topic, KafkaMetadata.PARTITION, partition,
					KafkaMetadata.KEY, key.getBytes()), Acknowledger.NOOP, null);
		}

	}

}
