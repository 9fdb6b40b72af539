package dev.pipeline.boot.autoconfigure.endpoint;

import dev.pipeline.boot.actuate.HandlerStatistics;
import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.actuate.PipelinesEndpoint;
import dev.pipeline.boot.actuate.PipelinesEndpointJmxExtension;
import dev.pipeline.boot.actuate.PipelinesEndpointWebExtension;
import dev.pipeline.boot.actuate.ThroughputTracker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code pipelines} Actuator endpoint, when Actuator is on the
 * classpath, a {@link PipelineRegistry} bean exists and the endpoint is available
 * (exposed and not switched off).
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(PipelineRegistry.class)
@ConditionalOnAvailableEndpoint(PipelinesEndpoint.class)
public final class PipelinesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HandlerStatistics pipelineHandlerStatistics() {
		return new HandlerStatistics();
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	ThroughputTracker pipelineThroughputTracker(PipelineRegistry registry) {
		return new ThroughputTracker(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	PipelinesEndpoint pipelinesEndpoint(PipelineRegistry registry, HandlerStatistics statistics,
			ThroughputTracker throughput) {
		return new PipelinesEndpoint(registry, statistics, throughput);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PipelinesEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	PipelinesEndpointWebExtension pipelinesEndpointWebExtension(PipelinesEndpoint endpoint,
			ObjectProvider<PathMappedEndpoints> endpoints) {
		return new PipelinesEndpointWebExtension(endpoint, () -> {
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			String path = (mapped != null) ? mapped.getPath(EndpointId.of("pipelines")) : null;
			return (path != null) ? path : "/actuator/pipelines";
		});
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PipelinesEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.JMX)
	PipelinesEndpointJmxExtension pipelinesEndpointJmxExtension(PipelinesEndpoint endpoint) {
		return new PipelinesEndpointJmxExtension(endpoint);
	}

}
