package dev.pipeline.boot.autoconfigure.endpoint;

import dev.pipeline.boot.actuate.OverridesBodyFilter;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Lets the {@code pipelines} endpoint take restart overrides as a JSON object over HTTP
 * ({@link OverridesBodyFilter}), in whichever context serves Actuator: the application's,
 * or the management context when {@code management.server.port} differs.
 *
 * @since 0.2.0
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(
		name = { "org.springframework.web.filter.OncePerRequestFilter", "dev.pipeline.boot.actuate.PipelinesEndpoint" })
public final class PipelinesEndpointServletConfiguration {

	@Bean
	FilterRegistrationBean<OverridesBodyFilter> pipelinesOverridesBodyFilter(WebEndpointProperties properties) {
		FilterRegistrationBean<OverridesBodyFilter> registration = new FilterRegistrationBean<>(
				new OverridesBodyFilter());
		String base = properties.getBasePath();
		registration.addUrlPatterns(((base.endsWith("/")) ? base : base + "/") + "pipelines/*");
		return registration;
	}

}
