package dev.pipeline.boot.autoconfigure.dashboard;

import dev.pipeline.boot.dashboard.EndpointLink;
import dev.pipeline.boot.dashboard.PipelineDashboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.context.reactive.ConfigurableReactiveWebEnvironment;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Auto-configuration of the live pipelines dashboard, a page at
 * {@code pipeline.dashboard.path} (default {@code /pipelines-dashboard}) that reads and
 * drives the {@code pipelines} Actuator endpoint. Opt-in with
 * {@code pipeline.dashboard.enabled=true}, in servlet web applications with Spring MVC
 * and Actuator on the classpath. When Actuator has a port of its own
 * ({@code management.server.port}), the management server serves the page
 * ({@link PipelineDashboardManagementContextConfiguration}) and the application's port
 * redirects to it. In a reactive (WebFlux) application the page is not served, and a
 * warning at start-up says so.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration",
				"dev.pipeline.boot.autoconfigure.endpoint.PipelinesEndpointAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints")
@ConditionalOnBooleanProperty("pipeline.dashboard.enabled")
@EnableConfigurationProperties(PipelineDashboardProperties.class)
public final class PipelineDashboardAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(PipelineDashboardAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
	static class ServletDashboardConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PipelineDashboard pipelineDashboard(PipelineDashboardProperties properties,
				ObjectProvider<PathMappedEndpoints> endpoints) {
			return new PipelineDashboard(properties.getPath(), properties.getRefreshInterval(),
					() -> EndpointLink.of(endpoints.getIfAvailable()));
		}

		@Bean
		RouterFunction<ServerResponse> pipelineDashboardRoutes(PipelineDashboard dashboard, Environment environment) {
			if (ManagementPortType.get(environment) != ManagementPortType.DIFFERENT) {
				return dashboard.routes();
			}
			String basePath = environment.getProperty("management.server.base-path", "");
			logger.info(
					"The pipelines dashboard is served by the management server (management.server.port) at {}{};"
							+ " {} on the application's port redirects there",
					basePath, dashboard.path(), dashboard.path());
			return dashboard.redirectRoutes(() -> environment.getProperty("local.management.port", Integer.class),
					basePath);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(ReactiveDashboardConfiguration.OnReactiveWebApplication.class)
	static class ReactiveDashboardConfiguration {

		/** Says at start-up that the page needs Spring MVC. */
		static final String NOT_SERVED = "pipeline.dashboard.enabled is true, but this is a reactive (WebFlux)"
				+ " web application: the pipelines dashboard needs Spring MVC (a servlet web application) and is"
				+ " not served. Action: read and drive the pipelines endpoint directly (GET and POST"
				+ " /actuator/pipelines), or remove pipeline.dashboard.enabled.";

		@Bean
		SmartInitializingSingleton pipelineDashboardNotServed() {
			return () -> logger.warn(NOT_SERVED);
		}

		/**
		 * A reactive web application context, whether or not it runs on WebFlux's server
		 * ({@code @ConditionalOnWebApplication(type = REACTIVE)} also needs WebFlux's
		 * classes, which an application context runner in a servlet build lacks).
		 */
		static final class OnReactiveWebApplication extends SpringBootCondition {

			@Override
			public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
				ConditionMessage.Builder message = ConditionMessage.forCondition("reactive web application");
				if (context.getResourceLoader() instanceof ReactiveWebApplicationContext
						|| context.getEnvironment() instanceof ConfigurableReactiveWebEnvironment) {
					return ConditionOutcome.match(message.because("the context is reactive"));
				}
				return ConditionOutcome.noMatch(message.because("the context is not reactive"));
			}

		}

	}

}
