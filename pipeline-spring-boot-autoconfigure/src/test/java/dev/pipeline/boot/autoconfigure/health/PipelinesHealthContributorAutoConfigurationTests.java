package dev.pipeline.boot.autoconfigure.health;

import dev.pipeline.boot.actuate.PipelinesHealthIndicator;
import dev.pipeline.boot.autoconfigure.Registries;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link PipelinesHealthContributorAutoConfiguration}.
 */
class PipelinesHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelinesHealthContributorAutoConfiguration.class));

	@Nested
	class Health {

		@Test
		void whenRegistryExistsThenContributorNamedPipelinesIsDefined() {
			PipelinesHealthContributorAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.run((context) -> assertThat(context).hasSingleBean(PipelinesHealthIndicator.class)
					.hasBean("pipelinesHealthContributor"));
		}

		@Test
		void whenIndicatorDisabledThenNoContributor() {
			PipelinesHealthContributorAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withPropertyValues("management.health.pipelines.enabled=false")
				.run((context) -> assertThat(context).doesNotHaveBean(PipelinesHealthIndicator.class));
		}

		@Test
		void whenNoRegistryThenNoContributor() {
			PipelinesHealthContributorAutoConfigurationTests.this.runner
				.run((context) -> assertThat(context).doesNotHaveBean(PipelinesHealthIndicator.class));
		}

		@Test
		void whenHealthIsNotOnTheClasspathThenNoContributor() {
			PipelinesHealthContributorAutoConfigurationTests.this.runner.withUserConfiguration(Registries.class)
				.withClassLoader(new FilteredClassLoader(HealthContributor.class))
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelinesHealthIndicator.class));
		}

	}

}
