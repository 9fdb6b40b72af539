package dev.pipeline.boot.autoconfigure.dashboard;

import dev.pipeline.boot.dashboard.PipelineDashboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.function.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link PipelineDashboardAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class PipelineDashboardAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineDashboardAutoConfiguration.class));

	@Test
	void whenNotEnabledThenNoDashboard() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(PipelineDashboard.class)
			.doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void whenEnabledThenDashboardAndItsRoutesAreDefined() {
		this.runner.withPropertyValues("pipeline.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(PipelineDashboard.class)
				.hasSingleBean(RouterFunction.class)
				.getBean(PipelineDashboardProperties.class)
				.extracting(PipelineDashboardProperties::getPath)
				.isEqualTo("/pipelines-dashboard"));
	}

	@Test
	void whenEnabledButNotAWebApplicationThenNoDashboard() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PipelineDashboardAutoConfiguration.class))
			.withPropertyValues("pipeline.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelineDashboard.class));
	}

	@Test
	void whenEnabledInAReactiveWebApplicationThenNoDashboardAndAWarningSaysItNeedsSpringMvc(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PipelineDashboardAutoConfiguration.class))
			.withPropertyValues("pipeline.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelineDashboard.class));
		assertThat(output).contains("pipeline.dashboard.enabled is true, but this is a reactive (WebFlux) web"
				+ " application: the pipelines dashboard needs Spring MVC (a servlet web application) and is not"
				+ " served. Action: read and drive the pipelines endpoint directly (GET and POST"
				+ " /actuator/pipelines), or remove pipeline.dashboard.enabled.");
	}

	@Test
	void whenNotEnabledInAReactiveWebApplicationThenNoWarning(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PipelineDashboardAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelineDashboard.class));
		assertThat(output).doesNotContain("pipelines dashboard needs Spring MVC");
	}

	@Test
	void whenActuatorIsNotOnTheClasspathThenNoDashboard() {
		this.runner.withPropertyValues("pipeline.dashboard.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.endpoint.web."))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelineDashboard.class));
	}

	@Test
	void whenPathDoesNotStartWithASlashThenStartUpFailsNamingTheKey() {
		this.runner.withPropertyValues("pipeline.dashboard.enabled=true", "pipeline.dashboard.path=pipelines")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Invalid value 'pipelines' for 'pipeline.dashboard.path': must start with '/'. "
						+ "Action: set a path such as /pipelines-dashboard."));
	}

}
