package dev.pipeline.boot.autoconfigure;

import java.util.List;

import dev.pipeline.boot.annotation.JsonPayloadReader;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PayloadConverter;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.boot.source.PipelineSourceReplacement;
import dev.pipeline.core.PipelineState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("pipeline.pipelines.numbers.producer.generator.limit=100",
				"pipeline.pipelines.numbers.processors.default.concurrency=2")
		.withUserConfiguration(NumbersHandler.class);

	@Nested
	class Conditions {

		@Test
		void whenNothingIsSetThenPipelinesRunWithTheContext() {
			PipelineAutoConfigurationTests.this.runner.run((context) -> {
				assertThat(context).hasSingleBean(ApplicationPipelines.class)
					.hasSingleBean(PayloadConverter.class)
					.hasSingleBean(JsonPayloadReader.class)
					.doesNotHaveBean(PipelineSourceReplacement.class);
				ApplicationPipelines registry = context.getBean(ApplicationPipelines.class);
				assertThat(registry.names()).containsExactly("numbers");
				assertThat(registry.get("numbers").state()).isEqualTo(PipelineState.RUNNING);
				assertThat(registry.getPhase()).isEqualTo(ApplicationPipelines.PHASE);
			});
		}

		@Test
		void whenPipelineEnabledIsFalseThenNothingIsConfigured() {
			PipelineAutoConfigurationTests.this.runner.withPropertyValues("pipeline.enabled=false")
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(ApplicationPipelines.class)
					.doesNotHaveBean(PayloadConverter.class));
		}

		@Test
		void whenAutoStartupIsFalseThenThePipelineIsRegisteredButNotStarted() {
			PipelineAutoConfigurationTests.this.runner
				.withPropertyValues("pipeline.pipelines.numbers.auto-startup=false")
				.run((context) -> assertThat(context.getBean(ApplicationPipelines.class).get("numbers").state())
					.isEqualTo(PipelineState.NEW));
		}

		@Test
		void whenTheContextClosesThenPipelinesAreStopped() {
			PipelineAutoConfigurationTests.this.runner.run((context) -> {
				ApplicationPipelines registry = context.getBean(ApplicationPipelines.class);
				context.close();
				assertThat(registry.get("numbers").state()).isEqualTo(PipelineState.STOPPED);
				assertThat(registry.isRunning()).isFalse();
			});
		}

	}

	@Nested
	class BackOff {

		@Test
		void whenTheUserDefinesAPayloadConverterThenItIsUsed() {
			PipelineAutoConfigurationTests.this.runner.withUserConfiguration(UserBeans.class)
				.run((context) -> assertThat(context).hasSingleBean(PayloadConverter.class)
					.getBean(PayloadConverter.class)
					.isSameAs(context.getBean(UserBeans.class).converter));
		}

		@Test
		void whenTheUserDefinesARegistryThenItIsUsed() {
			PipelineAutoConfigurationTests.this.runner.withUserConfiguration(UserBeans.class)
				.run((context) -> assertThat(context).getBean(ApplicationPipelines.class)
					.isSameAs(context.getBean(UserBeans.class).registry));
		}

		@Test
		void whenJacksonIsNotConfiguredThenThereIsNoJsonReader() {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
				.run((context) -> assertThat(context).hasNotFailed()
					.hasSingleBean(PayloadConverter.class)
					.doesNotHaveBean(JsonPayloadReader.class));
		}

	}

	@PipelineHandler("numbers")
	static class NumbersHandler {

		@OnMessage
		Object handle(Object data) {
			return data;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final PayloadConverter converter = (data, type) -> List.of("user");

		final ApplicationPipelines registry = new ApplicationPipelines();

		@Bean
		PayloadConverter userConverter() {
			return this.converter;
		}

		@Bean
		ApplicationPipelines userRegistry() {
			return this.registry;
		}

	}

}
