package dev.pipeline.boot.test;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.boot.source.PipelineSourceReplacement;
import dev.pipeline.core.Message;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test support replaces every pipeline's source only when asked to.
 */
class PipelineTestAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class, PipelineTestAutoConfiguration.class))
		.withPropertyValues("pipeline.pipelines.numbers.producer.generator.limit=100")
		.withUserConfiguration(NumbersHandler.class);

	@Test
	void whenTestModeIsOnThenATestClientReplacesTheConfiguredSource() {
		this.runner.withPropertyValues("pipeline.test.in-memory=true").run((context) -> {
			assertThat(context).hasSingleBean(PipelineTestClient.class).hasSingleBean(PipelineSourceReplacement.class);
			assertThat(context.getBean(ApplicationPipelines.class).get("numbers").describeSource())
				.contains("in-memory");
		});
	}

	@Test
	void whenTestModeIsOffThenTheConfiguredSourceRuns() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(PipelineTestClient.class);
			assertThat(context.getBean(ApplicationPipelines.class).get("numbers").describeSource())
				.doesNotContain("in-memory");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class NumbersHandler {

		@Bean
		Numbers numbers() {
			return new Numbers();
		}

	}

	@PipelineHandler("numbers")
	static class Numbers {

		@OnMessage
		Message<Object> handle(Message<Object> message) {
			return message;
		}

	}

}
