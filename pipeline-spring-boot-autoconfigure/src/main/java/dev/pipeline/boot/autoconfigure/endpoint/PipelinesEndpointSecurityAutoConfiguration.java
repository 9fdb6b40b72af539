package dev.pipeline.boot.autoconfigure.endpoint;

import dev.pipeline.boot.actuate.PipelinesEndpoint;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Default security of the {@code pipelines} endpoint, when Spring Security guards the
 * application with Spring Boot's default management security: a
 * {@link SecurityFilterChain} for the endpoint's paths only, ahead of Boot's, that lets
 * any authenticated user read and requires role {@code pipeline.actuator.write-role}
 * (default {@code PIPELINE_ADMIN}) to POST an action, with HTTP Basic and without CSRF
 * tokens (the endpoint is an API, not a browser form).
 *
 * <p>
 * Backs off when the application defines its own {@code SecurityFilterChain} (then Boot's
 * management security backs off too, and the application secures the endpoint), or a bean
 * named {@code pipelinesEndpointSecurityFilterChain}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"dev.pipeline.boot.autoconfigure.endpoint.PipelinesEndpointAutoConfiguration" })
@ConditionalOnClass(name = { "org.springframework.security.web.SecurityFilterChain",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(type = "dev.pipeline.boot.actuate.PipelinesEndpoint", name = "managementSecurityFilterChain")
@EnableConfigurationProperties(PipelineActuatorProperties.class)
public final class PipelinesEndpointSecurityAutoConfiguration {

	@Bean
	@Order(SecurityFilterProperties.BASIC_AUTH_ORDER - 1)
	@ConditionalOnMissingBean(name = "pipelinesEndpointSecurityFilterChain")
	SecurityFilterChain pipelinesEndpointSecurityFilterChain(HttpSecurity http, PipelineActuatorProperties properties)
			throws Exception {
		http.securityMatcher(EndpointRequest.to(PipelinesEndpoint.class));
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST)
			.hasRole(properties.getWriteRole())
			.anyRequest()
			.authenticated());
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
