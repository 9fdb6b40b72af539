package dev.pipeline.boot.autoconfigure.dashboard;

import dev.pipeline.boot.dashboard.PipelineDashboard;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the pipelines dashboard from the management server when Actuator has a port of
 * its own ({@code management.server.port}), so that the page and the endpoint it calls
 * share an origin. Loaded only in that child context; the dashboard itself is the
 * application context's bean.
 *
 * @since 0.2.0
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
@ConditionalOnBean(PipelineDashboard.class)
public final class PipelineDashboardManagementContextConfiguration {

	@Bean
	RouterFunction<ServerResponse> pipelineDashboardManagementRoutes(PipelineDashboard dashboard) {
		return dashboard.routes();
	}

}
