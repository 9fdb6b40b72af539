package dev.pipeline.boot.autoconfigure.health;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.actuate.PipelinesHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the pipelines' health contributor, named {@code pipelines}, when
 * Spring Boot's health support is on the classpath, a {@link PipelineRegistry} bean
 * exists and {@code management.health.pipelines.enabled} is not {@code false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration",
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
@ConditionalOnBean(PipelineRegistry.class)
@ConditionalOnEnabledHealthIndicator("pipelines")
public final class PipelinesHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "pipelinesHealthContributor")
	PipelinesHealthIndicator pipelinesHealthContributor(PipelineRegistry registry) {
		return new PipelinesHealthIndicator(registry);
	}

}
