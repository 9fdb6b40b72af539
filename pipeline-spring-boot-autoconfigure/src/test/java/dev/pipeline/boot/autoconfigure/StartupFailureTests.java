package dev.pipeline.boot.autoconfigure;

import java.util.List;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PartitionKey;
import dev.pipeline.boot.annotation.PayloadConverter;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.core.source.InMemorySource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each start-up mistake stops the context with a failure analysis that names the key or
 * the method, and the fix.
 */
class StartupFailureTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
		.withPropertyValues("pipeline.pipelines.sensors.producer.generator.rate=10");

	@Nested
	class Handlers {

		@Test
		void whenAHandlerNamesAPipelineThatIsNotConfiguredThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class, Orders.class)
				.run((context) -> assertAnalysis(context,
						"Handler bean 'startupFailureTests.Orders' (" + Orders.class.getName()
								+ ") is bound to pipeline 'orders', but 'pipeline.pipelines.orders' is not configured;"
								+ " configured pipelines: [sensors].",
						"Configure pipeline.pipelines.orders (with a source), or correct the name in"
								+ " @PipelineHandler(\"orders\")."));
		}

		@Test
		void whenAConfiguredPipelineHasNoHandlerThenStartupFails() {
			StartupFailureTests.this.runner
				.run((context) -> assertAnalysis(context, "Pipeline 'pipeline.pipelines.sensors' has no handler bean.",
						"Add a bean annotated @PipelineHandler(\"sensors\") with an @OnMessage method, or remove"
								+ " pipeline.pipelines.sensors."));
		}

		@Test
		void whenTwoHandlersBindToOnePipelineThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class, MoreSensors.class)
				.run((context) -> assertAnalysis(context,
						"Pipeline 'pipeline.pipelines.sensors' has two handler beans, 'startupFailureTests.Sensors'"
								+ " and 'startupFailureTests.MoreSensors': a pipeline has exactly one.",
						"Keep one @PipelineHandler(\"sensors\") bean, or bind the other to another pipeline."));
		}

		@Test
		void whenAnOnBatchMethodNamesABatcherThatIsNotConfiguredThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(BatchingSensors.class)
				.run((context) -> assertAnalysis(context,
						"Method BatchingSensors.aggregate(List) of handler bean 'startupFailureTests.BatchingSensors'"
								+ " is @OnBatch(\"aggregates\"), but 'pipeline.pipelines.sensors.batchers.aggregates'"
								+ " is not configured; configured batchers: [].",
						"Configure pipeline.pipelines.sensors.batchers.aggregates, or correct the name in"
								+ " @OnBatch(\"aggregates\")."));
		}

		@Test
		void whenAKeyIsMisspelledThenStartupFailsNamingIt() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.processors.default.max-demnad=20")
				.run((context) -> assertAnalysis(context,
						"Unknown key 'pipeline.pipelines.sensors.processors.default.max-demnad': no pipeline setting has"
								+ " that name.",
						"Keys under 'pipeline.pipelines.sensors.processors.default': concurrency, max-demand,"
								+ " min-demand, partition-by. Correct the spelling (docs/configuration.md lists every key),"
								+ " or remove it."));
		}

		@Test
		void whenAConfiguredBatcherHasNoOnBatchMethodThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.batchers.aggregates.batch-size=10")
				.run((context) -> assertAnalysis(context,
						"Batcher 'aggregates' in pipeline.pipelines.sensors.batchers.aggregates has no batch handler.",
						"Add a batch handler for it (an @OnBatch(\"aggregates\") method), or remove the batcher."));
		}

		@Test
		void whenAMethodSignatureIsBadThenStartupFailsNamingTheMethod() {
			StartupFailureTests.this.runner.withUserConfiguration(BadSignature.class)
				.run((context) -> assertAnalysis(context,
						"Method BadSignature.handle(String, Integer) of handler bean 'startupFailureTests.BadSignature'"
								+ " is not a valid @OnMessage method: parameter 2 (java.lang.Integer) is not allowed"
								+ " there or repeats the kind of an earlier parameter.",
						"Declare at most one payload parameter (T), one Message<T> and one Map<String, Object> for"
								+ " the metadata; return a Message<T>, a new payload, or void."));
		}

		@Test
		void whenPartitionByAndAPartitionKeyMethodAreBothSetThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(KeyedSensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.processors.default.partition-by=payload")
				.run((context) -> assertAnalysis(context,
						"Pipeline 'pipeline.pipelines.sensors' has two partition keys:"
								+ " 'pipeline.pipelines.sensors.processors.default.partition-by' and the @PartitionKey"
								+ " method KeyedSensors.key(String) of handler bean 'startupFailureTests.KeyedSensors'.",
						"Remove pipeline.pipelines.sensors.processors.default.partition-by or the @PartitionKey"
								+ " method."));
		}

	}

	@Nested
	class Generator {

		@Test
		void whenAGeneratorWithoutAPayloadBeanFeedsAHandlerOfAnotherTypeThenStartupFailsWithTheFix() {
			StartupFailureTests.this.runner.withUserConfiguration(TextSensors.class)
				.run((context) -> assertAnalysis(context,
						"Pipeline 'pipeline.pipelines.sensors' has a generator without a payload bean"
								+ " ('pipeline.pipelines.sensors.producer.generator.payload-bean'), which emits the"
								+ " message number (a java.lang.Long), but method TextSensors.handle(String) of handler"
								+ " bean 'startupFailureTests.TextSensors' takes a java.lang.String, which a Long cannot"
								+ " become.",
						"Set producer.generator.payload-bean to the name of a LongFunction<String> bean that makes"
								+ " the payload of message n, or take a Long in the @OnMessage method."));
		}

		@Test
		void whenTheHandlerTakesALongThenAGeneratorWithoutAPayloadBeanStarts() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.run((context) -> assertThat(context).hasNotFailed());
		}

		@Test
		void whenTheApplicationConvertsPayloadsItselfThenTheGeneratorIsNotChecked() {
			StartupFailureTests.this.runner.withUserConfiguration(TextSensors.class, OwnConverter.class)
				.run((context) -> assertThat(context).hasNotFailed());
		}

	}

	@Nested
	class Settings {

		@Test
		void whenPartitionByIsNotSpelThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.processors.default.partition-by=payload.(")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'payload.(' for 'pipeline.pipelines.sensors.processors.default.partition-by':"
								+ " not a SpEL expression (Expression [payload.(] @7: EL1049E: Unexpected data after"
								+ " '.': 'lparen(()').",
						"Set a SpEL expression over the message, such as payload.sensorId, metadata['key'] or"
								+ " batchKey."));
		}

		@Test
		void whenMinDemandExceedsMaxDemandThenStartupFailsNamingBoth() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.processors.default.max-demand=20",
						"pipeline.pipelines.sensors.processors.default.min-demand=30")
				.run((context) -> assertAnalysis(context,
						"min-demand (30) must be less than max-demand (20) in"
								+ " pipeline.pipelines.sensors.processors.default.",
						"Lower min-demand or raise max-demand, or remove min-demand to use half of max-demand."));
		}

		@Test
		void whenConcurrencyIsZeroThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.processors.default.concurrency=0")
				.run((context) -> assertAnalysis(context,
						"Invalid value '0' for 'pipeline.pipelines.sensors.processors.default.concurrency': must be 1"
								+ " or more.",
						"Set a positive integer, or remove the key to use the default."));
		}

		@Test
		void whenThereIsNoSourceThenStartupFails() {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
				.withPropertyValues("pipeline.pipelines.sensors.shutdown-timeout=5s")
				.withUserConfiguration(Sensors.class)
				.run((context) -> assertAnalysis(context,
						"Pipeline 'pipeline.pipelines.sensors' has no source: exactly one is required.",
						"Configure one source for the pipeline."));
		}

		@Test
		void whenPartitionByIsEmptyThenStartupFailsNamingTheKey() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.processors.default.partition-by=")
				.run((context) -> assertAnalysis(context,
						"Invalid value '' for 'pipeline.pipelines.sensors.processors.default.partition-by': must be a"
								+ " SpEL expression over the message.",
						"Set an expression such as payload.sensorId, metadata['key'] or batchKey, or remove the key."));
		}

		@Test
		void whenThereAreTwoSourcesThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.producer.source-bean=mySource")
				.run((context) -> assertAnalysis(context,
						"Pipeline 'pipeline.pipelines.sensors' has 2 sources, producer.generator and"
								+ " producer.source-bean: exactly one is allowed.",
						"Configure exactly one of producer.source-bean and producer.<kind> (kinds: generator)."));
		}

		@Test
		void whenASingletonSourceBeanServesTwoProducersThenStartupFails() {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
				.withUserConfiguration(Sensors.class, SourceBean.class)
				.withPropertyValues("pipeline.pipelines.sensors.producer.source-bean=mySource",
						"pipeline.pipelines.sensors.producer.concurrency=2")
				.run((context) -> assertAnalysis(context,
						"Source bean 'mySource' ('pipeline.pipelines.sensors.producer.source-bean') is a singleton,"
								+ " but producer.concurrency (2) in 'pipeline.pipelines.sensors.producer' needs one"
								+ " source per producer.",
						"Declare the bean with @Scope(\"prototype\"), or set"
								+ " pipeline.pipelines.sensors.producer.concurrency to 1."));
		}

		@Test
		void whenTheRateLimitIsZeroThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.producer.rate-limit.allowed-messages=0")
				.run((context) -> assertAnalysis(context,
						"Invalid value '0' for 'pipeline.pipelines.sensors.producer.rate-limit.allowed-messages':"
								+ " must be 1 or more.",
						"Set a positive integer, or remove the rate limit."));
		}

		@Test
		void whenAProcessorGroupIsNotDefaultThenStartupFails() {
			StartupFailureTests.this.runner.withUserConfiguration(Sensors.class)
				.withPropertyValues("pipeline.pipelines.sensors.processors.fast.concurrency=2")
				.run((context) -> assertAnalysis(context,
						"Unknown processor group 'fast' in 'pipeline.pipelines.sensors.processors': the only group"
								+ " is 'default'.",
						"Rename pipeline.pipelines.sensors.processors.fast to"
								+ " pipeline.pipelines.sensors.processors.default."));
		}

	}

	@PipelineHandler("sensors")
	static class Sensors {

		@OnMessage
		void handle(Long number) {
		}

	}

	@PipelineHandler("sensors")
	static class TextSensors {

		@OnMessage
		void handle(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConverter {

		@Bean
		PayloadConverter payloadConverter() {
			return (data, type) -> String.valueOf(data);
		}

	}

	@PipelineHandler("sensors")
	static class MoreSensors {

		@OnMessage
		void handle(String text) {
		}

	}

	@PipelineHandler("orders")
	static class Orders {

		@OnMessage
		void handle(String text) {
		}

	}

	@PipelineHandler("sensors")
	static class BatchingSensors {

		@OnMessage
		void handle(String text) {
		}

		@OnBatch("aggregates")
		void aggregate(List<String> batch) {
		}

	}

	@PipelineHandler("sensors")
	static class BadSignature {

		@OnMessage
		void handle(String text, Integer number) {
		}

	}

	@PipelineHandler("sensors")
	static class KeyedSensors {

		@OnMessage
		void handle(String text) {
		}

		@PartitionKey
		String key(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SourceBean {

		@Bean
		InMemorySource<Object> mySource() {
			return new InMemorySource<>();
		}

	}

}
