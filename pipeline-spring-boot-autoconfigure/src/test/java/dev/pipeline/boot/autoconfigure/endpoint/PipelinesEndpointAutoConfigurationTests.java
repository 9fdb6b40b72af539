package dev.pipeline.boot.autoconfigure.endpoint;

import dev.pipeline.boot.actuate.HandlerStatistics;
import dev.pipeline.boot.actuate.PipelinesEndpoint;
import dev.pipeline.boot.actuate.PipelinesEndpointJmxExtension;
import dev.pipeline.boot.actuate.PipelinesEndpointWebExtension;
import dev.pipeline.boot.actuate.ThroughputTracker;
import dev.pipeline.boot.autoconfigure.Registries;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link PipelinesEndpointAutoConfiguration}.
 */
class PipelinesEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EndpointAutoConfiguration.class, PipelinesEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=pipelines");

	@Nested
	class EndpointConditions {

		@Test
		void whenRegistryExistsAndEndpointExposedThenEndpointAndWebExtensionAreDefined() {
			PipelinesEndpointAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.run((context) -> assertThat(context).hasSingleBean(PipelinesEndpoint.class)
					.hasSingleBean(PipelinesEndpointWebExtension.class)
					.hasSingleBean(HandlerStatistics.class)
					.hasSingleBean(ThroughputTracker.class));
		}

		@Test
		void whenExposedOverJmxOnlyThenJmxExtensionAndNoWebExtension() {
			PipelinesEndpointAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.web.exposure.include=health",
						"management.endpoints.jmx.exposure.include=pipelines")
				.run((context) -> assertThat(context).hasSingleBean(PipelinesEndpoint.class)
					.hasSingleBean(PipelinesEndpointJmxExtension.class)
					.doesNotHaveBean(PipelinesEndpointWebExtension.class));
		}

		@Test
		void whenNoRegistryThenNoEndpoint() {
			PipelinesEndpointAutoConfigurationTests.this.runner
				.run((context) -> assertThat(context).doesNotHaveBean(PipelinesEndpoint.class));
		}

		@Test
		void whenEndpointNotExposedThenNoEndpoint() {
			PipelinesEndpointAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withPropertyValues("management.endpoints.web.exposure.include=health")
				.run((context) -> assertThat(context).doesNotHaveBean(PipelinesEndpoint.class));
		}

		@Test
		void whenActuatorIsNotOnTheClasspathThenNoEndpoint() {
			PipelinesEndpointAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.endpoint.annotation."))
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelinesEndpoint.class));
		}

	}

}
