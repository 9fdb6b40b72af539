package dev.pipeline.boot.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.boot.metrics.DefaultPipelineMessageObservationConvention;
import dev.pipeline.boot.metrics.MessageReceiverContext;
import dev.pipeline.boot.metrics.PipelineMessageObservationConvention;
import dev.pipeline.boot.metrics.PipelineObservations;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message and batch observations are off by default, as Spring Kafka's listener
 * observations are; {@code pipeline.observations.enabled} turns them on for every
 * pipeline and {@code pipeline.pipelines.<name>.observations.enabled} decides for one. A
 * pipeline whose observations are off makes no observation at all.
 */
class ObservationSwitchTests {

	static final int MESSAGES = 20;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(PipelineObservationAutoConfiguration.class, PipelineAutoConfiguration.class))
		.withUserConfiguration(Registry.class, Counter.class)
		.withPropertyValues("pipeline.pipelines.t.producer.generator.limit=" + MESSAGES);

	static TestObservationRegistryAssert assertObservations(AssertableApplicationContext context) {
		await().until(() -> context.getBean(Counter.class).handled.get() == MESSAGES);
		context.getBean(ApplicationPipelines.class).get("t").drain();
		return TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class));
	}

	@Nested
	class Switch {

		@Test
		void whenNothingIsSetThenNoObservationIsMade() {
			ObservationSwitchTests.this.runner.run((context) -> {
				assertObservations(context).doesNotHaveAnyObservation();
				assertThat(context.getBean(ApplicationPipelines.class).effectiveConfiguration("t").orElseThrow())
					.containsEntry("observations.enabled", false);
			});
		}

		@Test
		void whenObservationsAreOnForEveryPipelineThenEachMessageIsObserved() {
			ObservationSwitchTests.this.runner.withPropertyValues("pipeline.observations.enabled=true")
				.run((context) -> assertObservations(context)
					.hasNumberOfObservationsWithNameEqualTo(PipelineObservations.MESSAGE, MESSAGES)
					.forAllObservationsWithNameEqualTo(PipelineObservations.MESSAGE,
							(observation) -> observation.hasLowCardinalityKeyValue("messaging.system", "generator")
								.hasLowCardinalityKeyValue("pipeline", "t")));
		}

		@Test
		void whenOnePipelineTurnsThemOnThenItsMessagesAreObserved() {
			ObservationSwitchTests.this.runner.withPropertyValues("pipeline.pipelines.t.observations.enabled=true")
				.run((context) -> {
					assertObservations(context).hasNumberOfObservationsWithNameEqualTo(PipelineObservations.MESSAGE,
							MESSAGES);
					assertThat(context.getBean(ApplicationPipelines.class).effectiveConfiguration("t").orElseThrow())
						.containsEntry("observations.enabled", true);
				});
		}

		@Test
		void whenARestartTurnsThemOnThenTheRestartedPipelinesMessagesAreObserved() {
			ObservationSwitchTests.this.runner.run((context) -> {
				ApplicationPipelines pipelines = context.getBean(ApplicationPipelines.class);
				await().until(() -> context.getBean(Counter.class).handled.get() == MESSAGES);
				pipelines.restart("t", Map.of("observations", Map.of("enabled", "true")));
				await().until(() -> context.getBean(Counter.class).handled.get() == 2 * MESSAGES);
				pipelines.get("t").drain();
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasNumberOfObservationsWithNameEqualTo(PipelineObservations.MESSAGE, MESSAGES);
				assertThat(pipelines.effectiveConfiguration("t").orElseThrow()).containsEntry("observations.enabled",
						true);
			});
		}

		@Test
		void whenOnePipelineTurnsThemOffThenItWinsOverTheDefault() {
			ObservationSwitchTests.this.runner
				.withPropertyValues("pipeline.observations.enabled=true",
						"pipeline.pipelines.t.observations.enabled=false")
				.run((context) -> assertObservations(context).doesNotHaveAnyObservation());
		}

	}

	@Nested
	class Conventions {

		@Test
		void whenAMessageConventionBeanExistsThenItReplacesTheDefault() {
			ObservationSwitchTests.this.runner.withPropertyValues("pipeline.observations.enabled=true")
				.withBean(PipelineMessageObservationConvention.class, TenantConvention::new)
				.run((context) -> assertObservations(context)
					.hasNumberOfObservationsWithNameEqualTo(PipelineObservations.MESSAGE, MESSAGES)
					.forAllObservationsWithNameEqualTo(PipelineObservations.MESSAGE,
							(observation) -> observation.hasLowCardinalityKeyValue("tenant", "acme")
								.hasContextualNameEqualTo("t handle")));
		}

	}

	/** Adds a key and renames the span. */
	static class TenantConvention extends DefaultPipelineMessageObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(MessageReceiverContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
		}

		@Override
		public String getContextualName(MessageReceiverContext context) {
			return context.getPipeline() + " handle";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@PipelineHandler("t")
	static class Counter {

		final AtomicInteger handled = new AtomicInteger();

		@OnMessage
		void handle(Long n) {
			this.handled.incrementAndGet();
		}

	}

}
