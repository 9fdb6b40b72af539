package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.List;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.source.InMemorySource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bad configuration fails fast, with one message that names the pipeline, the setting,
 * and the fix.
 */
class ConfigurationTests {

	private PipelineSpec.Builder<String> valid() {
		return Pipeline.<String>builder("sensors").source(new InMemorySource<>()).onMessage((m) -> m);
	}

	@Nested
	class Processors {

		@Test
		void whenConcurrencyIsZeroThenTheMessageNamesTheKeyAndTheFix() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> valid().processors((p) -> p.concurrency(0)).build())
				.satisfies((ex) -> {
					assertThat(ex.getMessage()).isEqualTo(
							"Invalid value '0' for 'sensors.processors.default.concurrency': must be 1 or more. Action:"
									+ " Set a positive integer, or remove the key to use the default.");
					assertThat(ex.reason("pipeline.pipelines.")).isEqualTo(
							"Invalid value '0' for 'pipeline.pipelines.sensors.processors.default.concurrency': must be"
									+ " 1 or more.");
					assertThat(ex.keys()).containsExactly("processors.default.concurrency");
					assertThat(ex.pipeline()).isEqualTo("sensors");
				});
		}

		@Test
		void whenMinDemandIsNotBelowMaxDemandThenTheMessageNamesBothKeys() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> valid().processors((p) -> p.maxDemand(20).minDemand(30)).build())
				.satisfies((ex) -> {
					assertThat(ex.reason("pipeline.pipelines.")).isEqualTo(
							"min-demand (30) must be less than max-demand (20) in pipeline.pipelines.sensors.processors.default.");
					assertThat(ex.action()).isEqualTo(
							"Lower min-demand or raise max-demand, or remove min-demand to use half of max-demand.");
					assertThat(ex.keys()).containsExactly("processors.default.min-demand",
							"processors.default.max-demand");
				});
		}

		@Test
		void whenBothPartitionByAndOrderByAreSetThenTheMessageNamesBothKeysAndTheFix() {
			assertThatExceptionOfType(PipelineConfigurationException.class).isThrownBy(
					() -> valid().processors((p) -> p.partitionBy((m) -> m.data()).orderBy((m) -> m.data())).build())
				.satisfies((ex) -> {
					assertThat(ex.getMessage()).isEqualTo("partition-by and order-by are both set in"
							+ " sensors.processors.default: they are two ways to keep messages with the same key in"
							+ " order, and only one can apply. Action: Remove partition-by to spread keys over the"
							+ " processors as they free up, or remove order-by to pin each key to one processor.");
					assertThat(ex.reason("pipeline.pipelines.")).isEqualTo("partition-by and order-by are both set in"
							+ " pipeline.pipelines.sensors.processors.default: they are two ways to keep messages with"
							+ " the same key in order, and only one can apply.");
					assertThat(ex.keys()).containsExactly("processors.default.partition-by",
							"processors.default.order-by");
				});
		}

		@Test
		void whenOrderByIsSetThenTheSpecKeepsItThroughToBuilder() {
			PipelineSpec<String> spec = valid().processors((p) -> p.orderBy((m) -> m.data())).build();
			assertThat(spec.processors().orderBy()).isNotNull();
			assertThat(spec.processors().partitionBy()).isNull();
			assertThat(spec.toBuilder().build().processors().orderBy()).isSameAs(spec.processors().orderBy());
		}

	}

	@Nested
	class Batchers {

		@Test
		void whenABatcherHasNoBatchHandlerThenTheMessageNamesItAndTheFix() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> valid().batcher("aggregates", (b) -> b.batchSize(10)).build())
				.withMessage("Batcher 'aggregates' in sensors.batchers.aggregates has no batch handler. Action: Add a"
						+ " batch handler for it (an @OnBatch(\"aggregates\") method), or remove the batcher.");
		}

		@Test
		void whenBatchSizeIsZeroThenTheMessageNamesTheKey() {
			assertThatExceptionOfType(PipelineConfigurationException.class).isThrownBy(
					() -> valid().batcher("aggregates", (b) -> b.batchSize(0).handler((batch, info) -> batch)).build())
				.withMessageStartingWith(
						"Invalid value '0' for 'sensors.batchers.aggregates.batch-size': must be 1 or more.");
		}

		@Test
		void whenBatchTimeoutIsZeroThenTheMessageNamesTheKey() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> valid()
					.batcher("aggregates", (b) -> b.batchTimeout(Duration.ZERO).handler((batch, info) -> batch))
					.build())
				.withMessage("Invalid value 'PT0S' for 'sensors.batchers.aggregates.batch-timeout': must be 1ms or"
						+ " more. Action: Set a duration such as 1s, or remove the key to use the default.");
		}

	}

	@Nested
	class Pipelines {

		@Test
		void whenThereIsNoSourceThenTheMessageSaysOneIsRequired() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> Pipeline.<String>builder("sensors").onMessage((m) -> m).build())
				.withMessage("Pipeline 'sensors' has no source: exactly one is required. Action: Configure one source"
						+ " for the pipeline.");
		}

		@Test
		void whenThereIsNoMessageHandlerThenTheMessageSaysSo() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> Pipeline.<String>builder("sensors").source(new InMemorySource<>()).build())
				.withMessage("Pipeline 'sensors' has no message handler. Action: Give the pipeline a message handler"
						+ " (an @OnMessage method).");
		}

		@Test
		void whenTheNameIsInvalidThenTheMessageSaysWhatIsAllowed() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> Pipeline.<String>builder("my pipeline").build())
				.withMessageContaining("Invalid pipeline name 'my pipeline'");
		}

		@Test
		void whenTheSettingsAreValidThenDefaultsAreBroadways() {
			PipelineSpec<String> spec = valid().batcher("default", (b) -> b.handler((batch, info) -> batch)).build();
			assertThat(spec.processors().maxDemand()).isEqualTo(10);
			assertThat(spec.processors().minDemand()).isEqualTo(5);
			assertThat(spec.batchers()).singleElement().satisfies((b) -> {
				assertThat(b.batchSize()).isEqualTo(100);
				assertThat(b.batchTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(b.maxDemand()).isEqualTo(100);
			});
			assertThat(spec.toBuilder().build()).usingRecursiveComparison().isEqualTo(spec);
			assertThat(List.of(spec.shutdownTimeout())).containsExactly(Duration.ofSeconds(30));
		}

		@Test
		void whenASourceGivesADefaultMaxDemandThenItAppliesOnlyWhenNoneIsSet() {
			assertThat(
					valid().processors((p) -> p.concurrency(4).defaultMaxDemand((n) -> 500 / n)).build().processors())
				.satisfies((p) -> {
					assertThat(p.maxDemand()).isEqualTo(125);
					assertThat(p.minDemand()).isEqualTo(62);
				});
			assertThat(valid().processors((p) -> p.maxDemand(7).defaultMaxDemand((n) -> 500 / n))
				.build()
				.processors()
				.maxDemand()).isEqualTo(7);
			assertThat(valid().processors((p) -> p.defaultMaxDemand((n) -> 500 / n).maxDemand(7).concurrency(2))
				.build()
				.processors()
				.maxDemand()).isEqualTo(7);
		}

	}

}
