package dev.pipeline.boot.autoconfigure.metrics;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.metrics.PipelineMeterBinder;
import dev.pipeline.boot.metrics.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Auto-configuration of the {@code pipeline.*} Micrometer meters, when Micrometer is on
 * the classpath and a {@link PipelineRegistry} and a {@link MeterRegistry} bean exist.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({ PipelineRegistry.class, MeterRegistry.class })
public final class PipelineMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipelineMetrics pipelineMetrics(MeterRegistry meterRegistry) {
		return new PipelineMetrics(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	PipelineMeterBinder pipelineMeterBinder(PipelineRegistry registry, ObjectProvider<PipelineMetrics> metrics) {
		return new PipelineMeterBinder(registry, metrics.getIfAvailable());
	}

	@Bean
	PipelineMeterBinderCatchUp pipelineMeterBinderCatchUp(ObjectProvider<PipelineMeterBinder> binder) {
		return new PipelineMeterBinderCatchUp(binder);
	}

	/**
	 * Binds the gauges of the pipelines declared in properties, which are registered
	 * after the meter binders were bound.
	 */
	static final class PipelineMeterBinderCatchUp implements ApplicationListener<ContextRefreshedEvent> {

		private final ObjectProvider<PipelineMeterBinder> binder;

		PipelineMeterBinderCatchUp(ObjectProvider<PipelineMeterBinder> binder) {
			this.binder = binder;
		}

		@Override
		public void onApplicationEvent(ContextRefreshedEvent event) {
			this.binder.ifAvailable(PipelineMeterBinder::bindNewPipelines);
		}

	}

}
