package dev.pipeline.boot.autoconfigure;

import java.util.Map;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.eventrelay.PipelineEventRelayAutoConfiguration;
import dev.pipeline.boot.autoconfigure.rabbitmq.PipelineRabbitAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in source kind nests the same reconnect settings ({@code reconnect.*},
 * shaped like Spring Boot's retry settings); they bind, show in the effective
 * configuration and stop start-up naming the full key when bad, and the keys they
 * replaced stop start-up naming their replacement. No broker is needed: the pipelines are
 * not started.
 */
class ReconnectConfigurationTests {

	@Nested
	class RabbitMq {

		private final ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PipelineRabbitAutoConfiguration.class, PipelineAutoConfiguration.class))
			.withUserConfiguration(Readings.class, Broker.class)
			.withPropertyValues("pipeline.pipelines.readings.auto-startup=false",
					"pipeline.pipelines.readings.producer.rabbitmq.queue=readings");

		@Test
		void whenNothingIsSetThenTheEffectiveConfigurationShowsTheDefaults() {
			this.runner.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, Object> configuration = context.getBean(ApplicationPipelines.class)
					.effectiveConfiguration("readings")
					.orElseThrow();
				assertThat(String.valueOf(configuration.get("producer.rabbitmq.reconnect.delay"))).isEqualTo("1s");
				assertThat(String.valueOf(configuration.get("producer.rabbitmq.reconnect.multiplier")))
					.isEqualTo("2.0");
				assertThat(String.valueOf(configuration.get("producer.rabbitmq.reconnect.max-delay"))).isEqualTo("30s");
				assertThat(String.valueOf(configuration.get("producer.rabbitmq.reconnect.jitter"))).isEqualTo("250ms");
			});
		}

		@Test
		void whenTheDelayIsNotADurationThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.readings.producer.rabbitmq.reconnect.delay=later")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'later' for 'pipeline.pipelines.readings.producer.rabbitmq.reconnect.delay': must"
								+ " be a duration such as 2s or 500ms.",
						"Give a duration such as 2s or 500ms, or remove the key to use the default."));
		}

		@Test
		void whenTheMultiplierIsBelowOneThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.readings.producer.rabbitmq.reconnect.multiplier=0.9")
				.run((context) -> assertAnalysis(context,
						"Invalid value '0.9' for 'pipeline.pipelines.readings.producer.rabbitmq.reconnect.multiplier':"
								+ " must be 1 or more.",
						"Set 1 for a fixed delay, or a factor such as 2 to double each delay."));
		}

		@Test
		void whenTheOldBackoffKeyIsSetThenStartupFailsNamingItsReplacement() {
			this.runner.withPropertyValues("pipeline.pipelines.readings.producer.rabbitmq.backoff.max=10s")
				.run((context) -> assertAnalysis(context,
						"The key 'pipeline.pipelines.readings.producer.rabbitmq.backoff.max' was renamed to"
								+ " 'pipeline.pipelines.readings.producer.rabbitmq.reconnect.max-delay'.",
						"Rename it; retry and reconnect settings have the shape of Spring Boot's retry settings"
								+ " (docs/configuration.md lists every key)."));
		}

	}

	@Nested
	class EventRelay {

		private final ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PipelineEventRelayAutoConfiguration.class, PipelineAutoConfiguration.class))
			.withUserConfiguration(Readings.class)
			.withPropertyValues("pipeline.pipelines.readings.auto-startup=false",
					"pipeline.pipelines.readings.producer.eventrelay.destination-id=readings-api");

		@Test
		void whenTheDelayIsZeroThenStartupFailsNamingTheFullKey() {
			this.runner.withPropertyValues("pipeline.pipelines.readings.producer.eventrelay.reconnect.delay=0ms")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'PT0S' for 'pipeline.pipelines.readings.producer.eventrelay.reconnect.delay':"
								+ " must be a positive duration.",
						"Set a duration such as 1s, or remove the key to use the default."));
		}

		@Test
		void whenAnOldBackoffKeyIsSetThenStartupFailsNamingItsReplacement() {
			this.runner.withPropertyValues("pipeline.pipelines.readings.producer.eventrelay.backoff.jitter=100ms")
				.run((context) -> assertAnalysis(context,
						"The key 'pipeline.pipelines.readings.producer.eventrelay.backoff.jitter' was renamed to"
								+ " 'pipeline.pipelines.readings.producer.eventrelay.reconnect.jitter'.",
						"Rename it; retry and reconnect settings have the shape of Spring Boot's retry settings"
								+ " (docs/configuration.md lists every key)."));
		}

	}

	@PipelineHandler("readings")
	static class Readings {

		@OnMessage
		void handle(byte[] reading) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Broker {

		@Bean
		ConnectionFactory connectionFactory() {
			return new CachingConnectionFactory("127.0.0.1");
		}

	}

}
