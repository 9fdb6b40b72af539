package dev.pipeline.boot.test;

import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Replaces every pipeline's source with an in-memory one fed by a
 * {@link PipelineTestClient}, when {@code pipeline.test.in-memory=true} (which
 * {@link AutoConfigurePipelineTest} sets).
 *
 * @since 0.2.0
 */
@AutoConfiguration(before = PipelineAutoConfiguration.class)
@ConditionalOnBooleanProperty("pipeline.test.in-memory")
public final class PipelineTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipelineTestClient pipelineTestClient() {
		return new PipelineTestClient();
	}

}
