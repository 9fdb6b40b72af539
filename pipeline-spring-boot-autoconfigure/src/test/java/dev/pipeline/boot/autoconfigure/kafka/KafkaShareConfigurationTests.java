package dev.pipeline.boot.autoconfigure.kafka;

import java.util.Map;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline names {@code producer.kafka-share} to consume a share group: its settings
 * bind and validate like any source kind's, and a poll's size follows the pipeline's
 * demand unless it is set. No broker is needed: the pipeline is not started.
 */
class KafkaShareConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PipelineKafkaAutoConfiguration.class,
				PipelineAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.kafka.consumer.group-id=workers",
				"pipeline.pipelines.orders.auto-startup=false",
				"pipeline.pipelines.orders.producer.kafka-share.topics=orders")
		.withUserConfiguration(Orders.class);

	@Test
	void whenMaxPollRecordsIsNotSetThenAPollAcquiresWhatThePipelineCanTakePerConsumer() {
		this.runner
			.withPropertyValues("pipeline.pipelines.orders.producer.concurrency=2",
					"pipeline.pipelines.orders.processors.default.concurrency=4",
					"pipeline.pipelines.orders.processors.default.max-demand=30")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, Object> configuration = context.getBean(ApplicationPipelines.class)
					.effectiveConfiguration("orders")
					.orElseThrow();
				assertThat(String.valueOf(configuration.get("producer.kafka-share.max-poll-records"))).isEqualTo("60");
				assertThat(configuration).containsEntry("producer.kafka-share.group-id", "workers");
			});
	}

	@Test
	void whenMaxDeliveriesIsSetWithReleaseThenStartupFailsAndNamesTheFix() {
		this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka-share.max-deliveries=3")
			.run((context) -> assertAnalysis(context,
					"Invalid value '3' for 'pipeline.pipelines.orders.producer.kafka-share.max-deliveries': applies only"
							+ " to on-failure 'reject' or 'dead-letter'; with 'release' the broker's"
							+ " group.share.delivery.count.limit ends redelivery.",
					"Set on-failure to 'reject' or 'dead-letter', or remove max-deliveries."));
	}

	@Test
	void whenAKeyOfTheConsumerGroupKindIsSetThenStartupFailsAsAnUnknownKey() {
		this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka-share.ordering=key").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("kafka-share.ordering");
		});
	}

	@PipelineHandler("orders")
	static class Orders {

		@OnMessage
		void handle(String order) {
		}

	}

}
