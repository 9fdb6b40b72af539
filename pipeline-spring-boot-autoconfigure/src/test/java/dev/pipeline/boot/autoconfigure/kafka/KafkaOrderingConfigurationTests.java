package dev.pipeline.boot.autoconfigure.kafka;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.core.ProcessorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka pipeline's ordering mode is installed on its processors as order-by (records
 * that must stay in order are handled one at a time, on any processor), never together
 * with a partition key of the application's. No broker is needed: the pipeline is not
 * started.
 */
class KafkaOrderingConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PipelineKafkaAutoConfiguration.class,
				PipelineAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.kafka.consumer.group-id=readers",
				"pipeline.pipelines.readings.auto-startup=false",
				"pipeline.pipelines.readings.producer.kafka.topics=readings")
		.withUserConfiguration(Readings.class);

	@ParameterizedTest
	@ValueSource(strings = { "key", "partition" })
	void whenAnOrderingModeIsSetThenTheProcessorsAreOrderedByItsKeyAndNotPartitioned(String ordering) {
		this.runner.withPropertyValues("pipeline.pipelines.readings.producer.kafka.ordering=" + ordering)
			.run((context) -> {
				ProcessorSettings<?> processors = processors(context);
				assertThat(processors.orderBy()).isNotNull();
				assertThat(processors.partitionBy()).isNull();
			});
	}

	@Test
	void whenOrderingIsNoneThenThePartitionKeyOfTheApplicationApplies() {
		this.runner
			.withPropertyValues("pipeline.pipelines.readings.producer.kafka.ordering=none",
					"pipeline.pipelines.readings.processors.default.partition-by=payload")
			.run((context) -> {
				ProcessorSettings<?> processors = processors(context);
				assertThat(processors.partitionBy()).isNotNull();
				assertThat(processors.orderBy()).isNull();
			});
	}

	@Test
	void whenAnOrderingModeAndAPartitionKeyAreBothSetThenStartupFails() {
		this.runner
			.withPropertyValues("pipeline.pipelines.readings.producer.kafka.ordering=key",
					"pipeline.pipelines.readings.processors.default.partition-by=payload")
			.run((context) -> assertAnalysis(context, "Pipeline 'pipeline.pipelines.readings' sets both"
					+ " 'pipeline.pipelines.readings.processors.default.partition-by' (or a @PartitionKey method)"
					+ " and 'pipeline.pipelines.readings.producer.kafka.ordering' (key), which orders the"
					+ " processors by its own key.",
					"Remove the partition key, or set producer.kafka.ordering to 'none' to partition by it."));
	}

	private static ProcessorSettings<?> processors(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(ApplicationPipelines.class).get("readings").spec().processors();
	}

	@PipelineHandler("readings")
	static class Readings {

		@OnMessage
		void handle(String reading) {
		}

	}

}
