package dev.pipeline.boot.autoconfigure.kafka;

import java.util.Map;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retries of failed records ({@code producer.kafka.retry.*}) and the reconnect
 * back-off ({@code producer.kafka.reconnect.*}, {@code producer.kafka-share.reconnect.*})
 * bind like Spring Boot's retry settings, and a bad value stops start-up naming the full
 * key. No broker is needed: the pipeline is not started.
 */
class KafkaRetryConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PipelineKafkaAutoConfiguration.class,
				PipelineAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.kafka.consumer.group-id=workers",
				"pipeline.pipelines.orders.auto-startup=false")
		.withUserConfiguration(Orders.class);

	@Nested
	class ConsumerGroup {

		private final ApplicationContextRunner runner = KafkaRetryConfigurationTests.this.runner
			.withPropertyValues("pipeline.pipelines.orders.producer.kafka.topics=orders");

		@Test
		void whenRetriesAreSetThenTheEffectiveConfigurationShowsThemWithTheDefaultsOfTheRest() {
			this.runner
				.withPropertyValues("pipeline.pipelines.orders.producer.kafka.retry.max-retries=3",
						"pipeline.pipelines.orders.producer.kafka.retry.delay=200ms",
						"pipeline.pipelines.orders.producer.kafka.reconnect.jitter=0")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Map<String, Object> configuration = context.getBean(ApplicationPipelines.class)
						.effectiveConfiguration("orders")
						.orElseThrow();
					assertThat(String.valueOf(configuration.get("producer.kafka.retry.max-retries"))).isEqualTo("3");
					assertThat(String.valueOf(configuration.get("producer.kafka.retry.delay"))).isEqualTo("200ms");
					assertThat(String.valueOf(configuration.get("producer.kafka.retry.max-delay"))).isEqualTo("30s");
					assertThat(String.valueOf(configuration.get("producer.kafka.reconnect.delay"))).isEqualTo("1s");
				});
		}

		@Test
		void whenTheRetryDelayIsNotADurationThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka.retry.delay=soon")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'soon' for 'pipeline.pipelines.orders.producer.kafka.retry.delay': must be a"
								+ " duration such as 2s or 500ms.",
						"Give a duration such as 2s or 500ms, or remove the key to use the default."));
		}

		@Test
		void whenTheRetryDelayIsZeroThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka.retry.delay=0s")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'PT0S' for 'pipeline.pipelines.orders.producer.kafka.retry.delay': must be a"
								+ " positive duration.",
						"Set a duration such as 1s, or remove the key to use the default."));
		}

		@Test
		void whenTheRetryMultiplierIsBelowOneThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka.retry.multiplier=0.5")
				.run((context) -> assertAnalysis(context,
						"Invalid value '0.5' for 'pipeline.pipelines.orders.producer.kafka.retry.multiplier': must be 1"
								+ " or more.",
						"Set 1 for a fixed delay, or a factor such as 2 to double each delay."));
		}

		@Test
		void whenTheReconnectMultiplierIsNotANumberThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka.reconnect.multiplier=twice")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'twice' for 'pipeline.pipelines.orders.producer.kafka.reconnect.multiplier':"
								+ " must be a number.",
						"Give a number, or remove the key to use the default."));
		}

		@Test
		void whenMaxRetriesIsNegativeThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka.retry.max-retries=-1")
				.run((context) -> assertAnalysis(context,
						"Invalid value '-1' for 'pipeline.pipelines.orders.producer.kafka.retry.max-retries': must be 0"
								+ " or more.",
						"Set 0 to give up at the first failure."));
		}

		@Test
		void whenTheMaxDelayIsBelowTheDelayThenStartupFailsNamingBoth() {
			this.runner
				.withPropertyValues("pipeline.pipelines.orders.producer.kafka.reconnect.delay=5s",
						"pipeline.pipelines.orders.producer.kafka.reconnect.max-delay=1s")
				.run((context) -> assertAnalysis(context,
						"max-delay (PT1S) must not be less than delay (PT5S) in"
								+ " pipeline.pipelines.orders.producer.kafka.reconnect.",
						"Raise max-delay to at least PT5S, or lower delay."));
		}

		@Test
		void whenAnOldRetryKeyIsSetThenStartupFailsNamingItsReplacement() {
			this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka.retries=2")
				.run((context) -> assertAnalysis(context,
						"The key 'pipeline.pipelines.orders.producer.kafka.retries' was renamed to"
								+ " 'pipeline.pipelines.orders.producer.kafka.retry.max-retries'.",
						"Rename it; retry and reconnect settings have the shape of Spring Boot's retry settings"
								+ " (docs/configuration.md lists every key)."));
		}

		@Test
		void whenTheOldRetryBackoffKeyIsSetThenStartupFailsNamingItsReplacement() {
			this.runner.withPropertyValues("pipeline.pipelines.orders.producer.kafka.retry-max-backoff=10s")
				.run((context) -> assertAnalysis(context,
						"The key 'pipeline.pipelines.orders.producer.kafka.retry-max-backoff' was renamed to"
								+ " 'pipeline.pipelines.orders.producer.kafka.retry.max-delay'.",
						"Rename it; retry and reconnect settings have the shape of Spring Boot's retry settings"
								+ " (docs/configuration.md lists every key)."));
		}

	}

	@Nested
	class ShareGroup {

		@Test
		void whenTheReconnectJitterIsNegativeThenStartupFailsNamingTheFullKey() {
			KafkaRetryConfigurationTests.this.runner
				.withPropertyValues("pipeline.pipelines.orders.producer.kafka-share.topics=orders",
						"pipeline.pipelines.orders.producer.kafka-share.reconnect.jitter=-1s")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'PT-1S' for 'pipeline.pipelines.orders.producer.kafka-share.reconnect.jitter':"
								+ " must not be negative.",
						"Set a duration such as 100ms, or 0 for exact delays."));
		}

	}

	@PipelineHandler("orders")
	static class Orders {

		@OnMessage
		void handle(String order) {
		}

	}

}
