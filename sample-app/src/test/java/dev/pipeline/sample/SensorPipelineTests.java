package dev.pipeline.sample;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.test.AutoConfigurePipelineTest;
import dev.pipeline.boot.test.PipelineTestClient;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.testing.AckResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sample's handler and aggregate store through the real pipeline, with its source
 * replaced by the starter's in-memory test source.
 */
@SpringBootTest(properties = "sample.report-interval=1h")
@AutoConfigurePipelineTest
class SensorPipelineTests {

	@Autowired
	private PipelineTestClient pipelines;

	@Autowired
	private SensorAggregates aggregates;

	@Autowired
	private SensorReconfigurer reconfigurer;

	@Autowired
	private PipelineRegistry registry;

	@Nested
	class Aggregates {

		@Test
		void whenKnownReadingsOfSeveralSensorsArriveThenEachSensorHasItsCountMinMaxAndMean() {
			List<String> readings = new ArrayList<>();
			for (int i = 1; i <= 300; i++) {
				// known-a: 1, 2, ... 300; known-b: -1, -2, ... -300 interleaved; known-c:
				// 7.5 every third
				readings.add(json("known-a", i));
				readings.add(json("known-b", -i));
				if (i % 3 == 0) {
					readings.add(json("known-c", 7.5));
				}
			}

			AckResult<Object> result = SensorPipelineTests.this.pipelines.sendBatch(SampleProperties.PIPELINE, readings)
				.await();

			assertThat(result.failed()).isEmpty();
			assertThat(result.succeeded()).hasSize(700);
			assertAggregate("known-a", 300, 1, 300, 150.5);
			assertAggregate("known-b", 300, -300, -1, -150.5);
			assertAggregate("known-c", 100, 7.5, 7.5, 7.5);
		}

		@Test
		void whenAReadingIsNotJsonThenItFailsAndIsNotAggregated() {
			AckResult<Object> result = SensorPipelineTests.this.pipelines.send(SampleProperties.PIPELINE, "not json")
				.await();

			assertThat(result.failureReasons()).singleElement()
				.asString()
				.contains(
						"Expression 'payload.sensorId' of 'pipeline.pipelines.sensors.processors.default.partition-by'"
								+ " cannot be evaluated on this message: Cannot convert the payload to "
								+ Reading.class.getName());
		}

		@Test
		void whenAggregatesAreTakenThenOnlyThoseChangedSinceTheLastTakeAreReturned() {
			SensorPipelineTests.this.pipelines.send(SampleProperties.PIPELINE, json("changed-x", 1)).await();
			assertThat(SensorPipelineTests.this.aggregates.takeChanged()).extracting(SensorAggregate::sensorId)
				.contains("changed-x");

			SensorPipelineTests.this.pipelines.send(SampleProperties.PIPELINE, json("changed-y", 2)).await();

			assertThat(SensorPipelineTests.this.aggregates.takeChanged()).extracting(SensorAggregate::sensorId)
				.containsExactly("changed-y");
		}

		private void assertAggregate(String sensorId, long count, double min, double max, double mean) {
			SensorAggregate aggregate = SensorPipelineTests.this.aggregates.get(sensorId);
			assertThat(aggregate).isNotNull();
			assertThat(aggregate.count()).isEqualTo(count);
			assertThat(aggregate.min()).isEqualTo(min);
			assertThat(aggregate.max()).isEqualTo(max);
			assertThat(aggregate.mean()).isCloseTo(mean, within(1e-9));
		}

	}

	@Nested
	class RefusedConfigurationMessages {

		@Test
		void whenAnOverrideHasAnInvalidValueThenItIsRefusedWithTheReasonAndThePipelineRunsAsBefore() {
			SensorReconfigurer.Outcome outcome = SensorPipelineTests.this.reconfigurer
				.apply("{\"pipeline\":\"sensors\",\"overrides\":{\"batchers.per-sensor.batch-size\":0}}");

			assertThat(outcome.applied()).isFalse();
			assertThat(outcome.reason()).contains("batch-size").contains("0");
			assertPipelineUntouched();
		}

		@Test
		void whenAnOverrideKeyIsUnknownThenItIsRefusedWithTheKeysAllowed() {
			SensorReconfigurer.Outcome outcome = SensorPipelineTests.this.reconfigurer
				.apply("{\"pipeline\":\"sensors\",\"overrides\":{\"batchers.nope.batch-size\":10}}");

			assertThat(outcome.applied()).isFalse();
			assertThat(outcome.reason()).contains("Unknown batcher 'nope'").contains("per-sensor");
			assertPipelineUntouched();
		}

		@Test
		void whenThePipelineIsUnknownThenItIsRefusedWithThePipelinesThereAre() {
			SensorReconfigurer.Outcome outcome = SensorPipelineTests.this.reconfigurer
				.apply("{\"pipeline\":\"nope\",\"overrides\":{\"processors.default.concurrency\":4}}");

			assertThat(outcome.applied()).isFalse();
			assertThat(outcome.reason()).contains("nope").contains("[sensors]");
			assertPipelineUntouched();
		}

		@Test
		void whenTheMessageIsNotJsonThenItIsRefused() {
			SensorReconfigurer.Outcome outcome = SensorPipelineTests.this.reconfigurer.apply("batch-size=50");

			assertThat(outcome.applied()).isFalse();
			assertThat(outcome.reason()).startsWith("it is not a JSON object");
			assertPipelineUntouched();
		}

		private void assertPipelineUntouched() {
			var pipeline = SensorPipelineTests.this.registry.find(SampleProperties.PIPELINE).orElseThrow();
			assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
			assertThat(pipeline.spec().batcher(SampleProperties.BATCHER).batchSize()).isEqualTo(100);
			assertThat(pipeline.spec().processors().concurrency()).isEqualTo(2);
			assertThat(SensorPipelineTests.this.pipelines.send(SampleProperties.PIPELINE, json("after-refusal", 1))
				.await()
				.succeeded()).hasSize(1);
		}

	}

	static String json(String sensorId, double value) {
		return "{\"sensorId\":\"" + sensorId + "\",\"value\":" + value + ",\"timestamp\":1}";
	}

}
