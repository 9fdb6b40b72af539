package dev.pipeline.boot.autoconfigure.metrics;

import dev.pipeline.boot.metrics.PipelineBatchTracingObservationHandler;
import dev.pipeline.boot.metrics.PipelineObservations;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link PipelineObservationAutoConfiguration}.
 */
class PipelineObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineObservationAutoConfiguration.class));

	@Nested
	class Observations {

		@Test
		void whenObservationRegistryExistsThenDecoratorIsDefined() {
			PipelineObservationAutoConfigurationTests.this.runner
				.withBean(ObservationRegistry.class, ObservationRegistry::create)
				.run((context) -> assertThat(context).hasSingleBean(PipelineObservations.class));
		}

		@Test
		void whenATracerExistsThenBatchSpansGetTheirLinksHandler() {
			PipelineObservationAutoConfigurationTests.this.runner
				.withBean(ObservationRegistry.class, ObservationRegistry::create)
				.withBean(Tracer.class, SimpleTracer::new)
				.run((context) -> assertThat(context).hasSingleBean(PipelineBatchTracingObservationHandler.class));
		}

		@Test
		void whenNoTracerExistsThenNoLinksHandler() {
			PipelineObservationAutoConfigurationTests.this.runner
				.withBean(ObservationRegistry.class, ObservationRegistry::create)
				.run((context) -> assertThat(context).doesNotHaveBean(PipelineBatchTracingObservationHandler.class));
		}

		@Test
		void whenNoObservationRegistryThenNoDecorator() {
			PipelineObservationAutoConfigurationTests.this.runner
				.run((context) -> assertThat(context).doesNotHaveBean(PipelineObservations.class));
		}

	}

}
