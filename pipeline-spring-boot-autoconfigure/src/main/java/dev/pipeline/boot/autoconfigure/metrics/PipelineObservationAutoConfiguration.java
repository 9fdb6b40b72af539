package dev.pipeline.boot.autoconfigure.metrics;

import dev.pipeline.boot.autoconfigure.PipelineSpecCustomizer;
import dev.pipeline.boot.config.BoundPipeline;
import dev.pipeline.boot.metrics.PipelineBatchObservationConvention;
import dev.pipeline.boot.metrics.PipelineBatchTracingObservationHandler;
import dev.pipeline.boot.metrics.PipelineMessageObservationConvention;
import dev.pipeline.boot.source.PipelineMessaging;
import dev.pipeline.boot.metrics.PipelineObservations;
import dev.pipeline.core.PipelineSpec;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of {@link PipelineObservations}, the handler decorator that observes
 * each message and batch, when an {@link ObservationRegistry} bean exists. The starter
 * wraps the handlers of a pipeline only when its observations are on
 * ({@code pipeline.pipelines.<name>.observations.enabled}, by default
 * {@code pipeline.observations.enabled}, itself off by default). A
 * {@link PipelineMessageObservationConvention} or
 * {@link PipelineBatchObservationConvention} bean replaces the default convention; with
 * Micrometer Tracing, {@link PipelineBatchTracingObservationHandler} links each batch's
 * span to its messages' spans.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration" },
		beforeName = "dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean(ObservationRegistry.class)
public final class PipelineObservationAutoConfiguration {

	/**
	 * Before Spring Boot's tracing handlers (the first of which is ordered 1000), so that
	 * batch contexts get their links.
	 */
	static final int BATCH_TRACING_HANDLER_ORDER = 500;

	@Bean
	@ConditionalOnMissingBean
	PipelineObservations pipelineObservations(ObservationRegistry observationRegistry,
			ObjectProvider<PipelineMessageObservationConvention> messageConvention,
			ObjectProvider<PipelineBatchObservationConvention> batchConvention) {
		return new PipelineObservations(observationRegistry, messageConvention.getIfUnique(),
				batchConvention.getIfUnique());
	}

	@Bean
	static PipelineSpecCustomizer pipelineObservationsCustomizer(ObjectProvider<PipelineObservations> observations) {
		return new ObservingCustomizer(observations);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
	@ConditionalOnBean(Tracer.class)
	static class TracingConfiguration {

		@Bean
		@Order(BATCH_TRACING_HANDLER_ORDER)
		@ConditionalOnMissingBean
		PipelineBatchTracingObservationHandler pipelineBatchTracingObservationHandler(Tracer tracer) {
			return new PipelineBatchTracingObservationHandler(tracer);
		}

	}

	/**
	 * Wraps the handlers of the pipelines whose observations are on.
	 */
	private static final class ObservingCustomizer implements PipelineSpecCustomizer {

		private final ObjectProvider<PipelineObservations> observations;

		ObservingCustomizer(ObjectProvider<PipelineObservations> observations) {
			this.observations = observations;
		}

		/** Without the pipeline's settings the spec is left as it is. */
		@Override
		public PipelineSpec<Object> customize(PipelineSpec<Object> spec) {
			return spec;
		}

		@Override
		public PipelineSpec<Object> customize(PipelineSpec<Object> spec, BoundPipeline pipeline) {
			if (!Boolean.TRUE.equals(pipeline.settings().getObservations().getEnabled())) {
				return spec;
			}
			return this.observations.getObject().observe(spec, messaging(pipeline));
		}

		private static PipelineMessaging messaging(BoundPipeline pipeline) {
			if (pipeline.kind() == null || pipeline.kindSettings() == null) {
				return PipelineMessaging.of(PipelineMessaging.OWN_SOURCE);
			}
			return pipeline.kind().messaging(pipeline.kindSettings());
		}

	}

}
