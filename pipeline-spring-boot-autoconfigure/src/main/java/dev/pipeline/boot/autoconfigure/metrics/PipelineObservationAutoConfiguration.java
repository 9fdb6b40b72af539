package dev.pipeline.boot.autoconfigure.metrics;

import dev.pipeline.boot.autoconfigure.PipelineSpecCustomizer;
import dev.pipeline.boot.metrics.PipelineObservations;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.PipelineSpec;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link PipelineObservations}, the handler decorator that observes
 * each message and batch, when an {@link ObservationRegistry} bean exists and
 * {@code pipeline.observations.enabled} is not {@code false}. Whoever builds pipeline
 * specs (the starter) wraps handlers with it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		beforeName = "dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "pipeline.observations.enabled", matchIfMissing = true)
public final class PipelineObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipelineObservations pipelineObservations(ObservationRegistry observationRegistry) {
		return new PipelineObservations(observationRegistry);
	}

	@Bean
	static PipelineSpecCustomizer pipelineObservationsCustomizer(ObjectProvider<PipelineObservations> observations) {
		return (spec) -> observe(spec, observations.getObject());
	}

	private static PipelineSpec<Object> observe(PipelineSpec<Object> spec, PipelineObservations observations) {
		PipelineSpec.Builder<Object> builder = spec.toBuilder()
			.onMessage(observations.decorate(spec.name(), spec.messageHandler()));
		for (BatcherSettings<Object> batcher : spec.batchers()) {
			builder.batcher(batcher.name(),
					(b) -> b.handler(observations.decorate(spec.name(), batcher.name(), batcher.handler())));
		}
		return builder.build();
	}

}
