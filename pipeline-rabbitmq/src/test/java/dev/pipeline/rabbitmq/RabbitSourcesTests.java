package dev.pipeline.rabbitmq;

import java.time.Duration;
import java.util.List;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.source.InMemorySource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The factory: derived prefetch and validation of the settings. */
class RabbitSourcesTests {

	private final CachingConnectionFactory connectionFactory = new CachingConnectionFactory("127.0.0.1");

	private static PipelineSpec<byte[]> spec(int producers, boolean withBatcher) {
		PipelineSpec.Builder<byte[]> builder = Pipeline.<byte[]>builder("orders")
			.sources(producers, (index) -> new InMemorySource<>())
			.processors((p) -> p.concurrency(4).maxDemand(50))
			.onMessage((m) -> m);
		if (withBatcher) {
			builder.batcher("default",
					(b) -> b.batchSize(100)
						.batchTimeout(Duration.ofSeconds(1))
						.concurrency(2)
						.handler((batch, info) -> batch));
		}
		return builder.build();
	}

	@Nested
	class Prefetch {

		@Test
		void whenThereAreNoBatchersThenPrefetchIsWhatTheProcessorsHold() {
			assertThat(RabbitSources.derivePrefetch(spec(1, false))).isEqualTo(200);
		}

		@Test
		void whenThereIsABatcherThenPrefetchAlsoCoversOneFillingBatchAndOnePerWorker() {
			assertThat(RabbitSources.derivePrefetch(spec(1, true))).isEqualTo(200 + 100 * 3);
		}

		@Test
		void whenThereAreSeveralProducersThenPrefetchIsSpreadOverTheirChannels() {
			assertThat(RabbitSources.derivePrefetch(spec(3, true))).isEqualTo(167);
		}

		@Test
		void whenPrefetchIsSetThenItWinsOverTheDerivedOne() {
			RabbitSourceProperties properties = new RabbitSourceProperties();
			properties.setQueue("orders");
			properties.setPrefetch(7);
			RabbitSource source = (RabbitSource) RabbitSources
				.create(RabbitSourcesTests.this.connectionFactory, properties, "orders", 500)
				.apply(0);
			assertThat(source.prefetch()).isEqualTo(7);
		}

	}

	@Nested
	class Validation {

		@Test
		void whenTheQueueIsMissingThenTheMessageNamesTheKeyAndTheFix() {
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(() -> RabbitSources.create(RabbitSourcesTests.this.connectionFactory,
						new RabbitSourceProperties(), "sensors"))
				.satisfies((ex) -> assertProblem(ex, List.of("producer.rabbitmq.queue"),
						"Invalid value '' for 'pipeline.pipelines.sensors.producer.rabbitmq.queue': must name a queue.",
						"Set the name of the queue to consume from."));
		}

		@Test
		void whenPrefetchIsOutOfRangeThenTheMessageNamesTheKeyAndTheRange() {
			RabbitSourceProperties properties = new RabbitSourceProperties();
			properties.setQueue("readings");
			properties.setPrefetch(0);
			assertThatExceptionOfType(PipelineConfigurationException.class)
				.isThrownBy(
						() -> RabbitSources.create(RabbitSourcesTests.this.connectionFactory, properties, "sensors"))
				.satisfies((ex) -> assertProblem(ex, List.of("producer.rabbitmq.prefetch"),
						"Invalid value '0' for 'pipeline.pipelines.sensors.producer.rabbitmq.prefetch': "
								+ "must be between 1 and 65535.",
						"Set a count in that range, or remove the key to derive it from the pipeline's demand."));
		}

		private static void assertProblem(PipelineConfigurationException ex, List<String> keys, String reason,
				String action) {
			assertThat(ex.keys()).isEqualTo(keys);
			assertThat(ex.reason("pipeline.pipelines.")).isEqualTo(reason);
			assertThat(ex.action()).isEqualTo(action);
		}

	}

}
