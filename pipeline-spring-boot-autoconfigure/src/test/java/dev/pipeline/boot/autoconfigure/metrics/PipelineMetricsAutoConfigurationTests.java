package dev.pipeline.boot.autoconfigure.metrics;

import dev.pipeline.boot.autoconfigure.Registries;
import dev.pipeline.boot.metrics.PipelineMeterBinder;
import dev.pipeline.boot.metrics.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link PipelineMetricsAutoConfiguration}.
 */
class PipelineMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineMetricsAutoConfiguration.class));

	@Nested
	class Metrics {

		@Test
		void whenRegistryAndMeterRegistryExistThenListenerAndBinderAreDefined() {
			PipelineMetricsAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.run((context) -> assertThat(context).hasSingleBean(PipelineMetrics.class)
					.hasSingleBean(PipelineMeterBinder.class));
		}

		@Test
		void whenBinderBoundThenPipelineMetersExistBeforeAnyTraffic() {
			PipelineMetricsAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.run((context) -> {
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					context.getBean(PipelineMeterBinder.class).bindTo(registry);
					assertThat(registry.get("pipeline.messages").tag("pipeline", "sensors").counters()).hasSize(2);
					assertThat(registry.get("pipeline.in.flight").tag("pipeline", "sensors").gauge().value()).isZero();
				});
		}

		@Test
		void whenNoMeterRegistryThenNoMeters() {
			PipelineMetricsAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.run((context) -> assertThat(context).doesNotHaveBean(PipelineMetrics.class));
		}

		@Test
		void whenMicrometerIsNotOnTheClasspathThenNoMeters() {
			PipelineMetricsAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelineMetrics.class));
		}

	}

}
