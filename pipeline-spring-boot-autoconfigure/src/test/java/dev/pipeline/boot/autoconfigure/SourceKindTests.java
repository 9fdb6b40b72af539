package dev.pipeline.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.source.GeneratorSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A source kind defined by the application binds its own keys under
 * {@code producer.<kind>} exactly as the built-in kinds do: at start-up, with the same
 * errors, in the effective configuration, and on restart.
 */
class SourceKindTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
		.withUserConfiguration(GreetingKind.class, Greetings.class)
		.withPropertyValues("pipeline.pipelines.hello.producer.greeting.text=hello",
				"pipeline.pipelines.hello.producer.greeting.period=2ms");

	@Nested
	class Binding {

		@Test
		void whenKeysAreSetThenTheSourceUsesThemAndTheEffectiveConfigurationShowsThem() {
			SourceKindTests.this.runner.run((context) -> {
				await().until(() -> greetings(context).received.size() >= 3);
				assertThat(greetings(context).received).allMatch("hello"::equals);
				assertThat(registry(context).effectiveConfiguration("hello")).get()
					.satisfies((configuration) -> assertThat(configuration)
						.containsEntry("producer.greeting.text", "hello")
						.containsEntry("producer.greeting.period", "2ms")
						.containsEntry("producer.greeting.limit", 1000L));
			});
		}

		@Test
		void whenAValueIsOutOfRangeThenStartupFailsNamingTheFullKey() {
			SourceKindTests.this.runner.withPropertyValues("pipeline.pipelines.hello.producer.greeting.limit=-1")
				.run((context) -> assertAnalysis(context,
						"Invalid value '-1' for 'pipeline.pipelines.hello.producer.greeting.limit': must be 0 or more.",
						"Set how many greetings to make, or remove the key."));
		}

		@Test
		void whenAValueDoesNotConvertThenStartupFailsNamingTheFullKey() {
			SourceKindTests.this.runner.withPropertyValues("pipeline.pipelines.hello.producer.greeting.period=soon")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'soon' for 'pipeline.pipelines.hello.producer.greeting.period': must be a"
								+ " duration such as 2s or 500ms.",
						"Give a duration such as 2s or 500ms, or remove the key to use the default."));
		}

		@Test
		void whenAKeyIsMisspelledThenStartupFailsListingTheKeysOfTheKind() {
			SourceKindTests.this.runner.withPropertyValues("pipeline.pipelines.hello.producer.greeting.txt=hi")
				.run((context) -> assertAnalysis(context,
						"Unknown key 'pipeline.pipelines.hello.producer.greeting.txt': no pipeline setting has that"
								+ " name.",
						"Keys under 'pipeline.pipelines.hello.producer.greeting': limit, period, text. Correct the"
								+ " spelling (docs/configuration.md lists every key), or remove it."));
		}

	}

	@Nested
	class Restart {

		@Test
		void whenAnOverrideChangesAKeyOfTheKindThenTheNewSourceUsesIt() {
			SourceKindTests.this.runner.run((context) -> {
				await().until(() -> greetings(context).received.size() >= 1);
				registry(context).restart("hello", Map.of("producer", Map.of("greeting", Map.of("text", "hi"))));
				greetings(context).received.clear();
				await().until(() -> greetings(context).received.size() >= 3);
				assertThat(greetings(context).received).allMatch("hi"::equals);
				assertThat(registry(context).effectiveConfiguration("hello").orElseThrow())
					.containsEntry("producer.greeting.text", "hi")
					.containsEntry("producer.greeting.period", "2ms");
			});
		}

		@Test
		void whenAnOverrideIsInvalidThenTheRestartIsRefusedNamingTheKey() {
			SourceKindTests.this.runner.run((context) -> {
				assertThatExceptionOfType(PipelineConfigurationException.class)
					.isThrownBy(() -> registry(context).restart("hello", Map.of("producer.greeting.limit", "-5")))
					.satisfies((ex) -> {
						assertThat(ex.keys()).containsExactly("producer.greeting.limit");
						assertThat(ex.reason("pipeline.pipelines.")).isEqualTo(
								"Invalid value '-5' for 'pipeline.pipelines.hello.producer.greeting.limit': must be 0"
										+ " or more.");
					});
				assertThat(registry(context).effectiveConfiguration("hello").orElseThrow())
					.containsEntry("producer.greeting.limit", 1000L);
			});
		}

	}

	private static ApplicationPipelines registry(AssertableApplicationContext context) {
		return context.getBean(ApplicationPipelines.class);
	}

	private static Greetings greetings(AssertableApplicationContext context) {
		return context.getBean(Greetings.class);
	}

	/**
	 * The settings of the kind, under {@code producer.greeting}.
	 */
	public static class GreetingSettings {

		private String text = "hi there";

		private Duration period = Duration.ofMillis(10);

		private long limit = 1000;

		public String getText() {
			return this.text;
		}

		public void setText(String text) {
			this.text = text;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public long getLimit() {
			return this.limit;
		}

		public void setLimit(long limit) {
			this.limit = limit;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingKind {

		@Bean
		PipelineSourceKind<GreetingSettings> greetingSourceKind() {
			return PipelineSourceKind.of("greeting", GreetingSettings.class, (context, settings, builder) -> {
				if (settings.getLimit() < 0) {
					throw context.invalid("limit", settings.getLimit(), "must be 0 or more",
							"Set how many greetings to make, or remove the key.");
				}
				String text = settings.getText();
				double rate = 1000.0 / Math.max(1, settings.getPeriod().toMillis());
				builder.sources(context.producerConcurrency(),
						(index) -> GeneratorSource.of((n) -> text, settings.getLimit(), rate));
				return settings;
			});
		}

	}

	@PipelineHandler("hello")
	static class Greetings {

		final List<Object> received = new CopyOnWriteArrayList<>();

		@OnMessage
		void handle(String greeting) {
			this.received.add(greeting);
		}

	}

}
