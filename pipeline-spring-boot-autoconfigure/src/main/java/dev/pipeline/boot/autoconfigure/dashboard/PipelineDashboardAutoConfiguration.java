package dev.pipeline.boot.autoconfigure.dashboard;

import dev.pipeline.boot.dashboard.EndpointLink;
import dev.pipeline.boot.dashboard.PipelineDashboard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Auto-configuration of the live pipelines dashboard, a page at
 * {@code pipeline.dashboard.path} (default {@code /pipelines-dashboard}) that reads and
 * drives the {@code pipelines} Actuator endpoint. Opt-in with
 * {@code pipeline.dashboard.enabled=true}, in servlet web applications with Spring MVC
 * and Actuator on the classpath.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration",
				"dev.pipeline.boot.autoconfigure.endpoint.PipelinesEndpointAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "org.springframework.web.servlet.function.RouterFunction",
		"org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints" })
@ConditionalOnBooleanProperty("pipeline.dashboard.enabled")
@EnableConfigurationProperties(PipelineDashboardProperties.class)
public final class PipelineDashboardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipelineDashboard pipelineDashboard(PipelineDashboardProperties properties,
			ObjectProvider<PathMappedEndpoints> endpoints) {
		return new PipelineDashboard(properties.getPath(), properties.getRefreshInterval(),
				() -> EndpointLink.of(endpoints.getIfAvailable()));
	}

	@Bean
	RouterFunction<ServerResponse> pipelineDashboardRoutes(PipelineDashboard dashboard) {
		return dashboard.routes();
	}

}
