package dev.pipeline.boot.autoconfigure.kafka;

import java.util.List;

import dev.pipeline.boot.source.PipelineMessaging;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka source kinds describe their messages for the observations' messaging keys.
 */
class KafkaSourceKindMessagingTests {

	@Test
	void whenAKafkaPipelineIsObservedThenItsTopicsAndGroupNameTheDestinationAndConsumerGroup() {
		PipelineKafkaProperties settings = new PipelineKafkaProperties();
		settings.setTopics(List.of("orders", "refunds"));
		settings.setGroupId("billing");
		assertThat(new KafkaSourceKind(() -> null).messaging(settings))
			.isEqualTo(new PipelineMessaging("kafka", "orders,refunds", "billing"));
	}

	@Test
	void whenAShareGroupPipelineIsObservedThenTheSystemIsKafkaToo() {
		PipelineKafkaShareProperties settings = new PipelineKafkaShareProperties();
		settings.setTopics(List.of("jobs"));
		settings.setGroupId("workers");
		assertThat(new KafkaShareSourceKind(() -> null).messaging(settings))
			.isEqualTo(new PipelineMessaging("kafka", "jobs", "workers"));
	}

}
