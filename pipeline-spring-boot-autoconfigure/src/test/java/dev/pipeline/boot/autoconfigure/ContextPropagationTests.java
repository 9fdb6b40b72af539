package dev.pipeline.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.metrics.PipelineObservationAutoConfiguration;
import dev.pipeline.boot.metrics.PipelineObservations;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The context of the thread that starts a pipeline (its MDC, its current observation)
 * reaches the handlers through Spring's {@link TaskDecorator} bean, as it reaches the
 * tasks of Spring Boot's own executors; the message's observation is current in the
 * handler, a child of that caller's observation. These run on the build's JDK (platform
 * threads); {@link ContextPropagationOnJava25Tests} runs them on virtual threads.
 */
class ContextPropagationTests {

	static final int MESSAGES = 20;

	static final String CALLER = "caller";

	static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(PipelineObservationAutoConfiguration.class, PipelineAutoConfiguration.class))
		.withUserConfiguration(Observability.class, Recorder.class)
		.withPropertyValues("pipeline.pipelines.t.producer.generator.limit=" + MESSAGES,
				"pipeline.observations.enabled=true");

	/**
	 * Starts the application (and so its pipelines) on this thread, inside the scope of
	 * an observation named {@value #CALLER} whose {@code tenant} the MDC shows.
	 */
	static void runUnderCallerObservation(ApplicationContextRunner runner,
			Consumer<AssertableApplicationContext> assertions) {
		ObservationRegistry registry = Observability.REGISTRY;
		Observation caller = Observation.createNotStarted(CALLER, registry)
			.lowCardinalityKeyValue("tenant", "acme")
			.start();
		Observation.Scope scope = caller.openScope();
		try {
			assertThat(MDC.get("tenant")).isEqualTo("acme");
			runner.run((context) -> {
				await().until(() -> context.getBean(Recorder.class).seen.size() == MESSAGES);
				assertions.accept(context);
			});
		}
		finally {
			scope.close();
			caller.stop();
		}
	}

	@Test
	void whenATaskDecoratorBeanExistsThenHandlersSeeTheStartersMdcAndTheirMessagesObservationIsCurrent() {
		runUnderCallerObservation(RUNNER.withBean(TaskDecorator.class, ContextPropagatingTaskDecorator::new),
				(context) -> assertThat(context.getBean(Recorder.class).seen)
					.containsOnly(new Seen("acme", PipelineObservations.MESSAGE, CALLER, false)));
	}

	@Test
	void whenNoTaskDecoratorBeanExistsThenHandlersSeeOnlyTheirMessagesObservation() {
		runUnderCallerObservation(RUNNER, (context) -> assertThat(context.getBean(Recorder.class).seen)
			.containsOnly(new Seen(null, PipelineObservations.MESSAGE, null, false)));
	}

	/**
	 * What a handler saw: the MDC, the current observation and its parent, its thread.
	 */
	record Seen(String tenant, String current, String parent, boolean virtual) {

	}

	@Configuration(proxyBeanMethods = false)
	static class Observability {

		/** Shared with the test that opens the caller's observation. */
		static final ObservationRegistry REGISTRY = registry();

		@Bean
		ObservationRegistry observationRegistry() {
			return REGISTRY;
		}

		private static ObservationRegistry registry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new TenantMdc());
			return registry;
		}

	}

	/** Puts the caller's tenant in the MDC while its observation is in scope. */
	static final class TenantMdc implements ObservationHandler<Observation.Context> {

		@Override
		public void onScopeOpened(Observation.Context context) {
			KeyValue tenant = context.getLowCardinalityKeyValue("tenant");
			if (tenant != null) {
				MDC.put("tenant", tenant.getValue());
			}
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			if (context.getLowCardinalityKeyValue("tenant") != null) {
				MDC.remove("tenant");
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	@PipelineHandler("t")
	static class Recorder {

		final List<Seen> seen = new CopyOnWriteArrayList<>();

		@OnMessage
		void handle(Long n) {
			Observation current = Observability.REGISTRY.getCurrentObservation();
			ObservationView parent = (current != null) ? current.getContextView().getParentObservation() : null;
			this.seen.add(new Seen(MDC.get("tenant"), (current != null) ? current.getContextView().getName() : null,
					(parent != null) ? parent.getContextView().getName() : null,
					ThreadsTests.isVirtual(Thread.currentThread())));
		}

	}

}
