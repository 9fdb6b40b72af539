package dev.pipeline.boot.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnFailure;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import dev.pipeline.core.testing.AckResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application whose generator source is swapped for an in-memory one by
 * {@link AutoConfigurePipelineTest}, driven through real handlers.
 */
@SpringBootTest(properties = { "pipeline.pipelines.sensors.producer.generator.rate=1000",
		"pipeline.pipelines.sensors.batchers.aggregates.batch-size=10" })
@AutoConfigurePipelineTest
class PipelineTestSupportTests {

	@Autowired
	private PipelineTestClient pipelines;

	@Autowired
	private SensorHandler handler;

	@Test
	void whenReadingsAreValidThenTheySucceedThroughMessageAndBatchHandlers() {
		AckResult<Object> result = this.pipelines
			.sendBatch("sensors", List.of(new Reading("s1", 1).json(), new Reading("s1", 3).json()))
			.await();
		assertThat(result.succeededData()).containsExactly(new Reading("s1", 1), new Reading("s1", 3));
		assertThat(result.failed()).isEmpty();
		assertThat(this.handler.batches).contains("s1 x2");
	}

	@Test
	void whenJsonDoesNotFitTheReadingThenThatMessageFailsAndTheFailureHandlerSeesIt() {
		AckResult<Object> result = this.pipelines.send("sensors", "{\"sensorId\":\"s2\",\"value\":\"hot\"}").await();
		assertThat(result.succeeded()).isEmpty();
		assertThat(result.failureReasons()).singleElement()
			.asString()
			.startsWith("Cannot convert the payload to " + Reading.class.getName() + ": ")
			.contains("hot");
		assertThat(this.handler.failed).contains("{\"sensorId\":\"s2\",\"value\":\"hot\"}");
	}

	@Test
	void whenTheHandlerThrowsThenOnlyThatMessageFailsAndThePipelineGoesOn() {
		AckResult<Object> failed = this.pipelines.send("sensors", new Reading("broken", 0).json()).await();
		assertThat(failed.failureReasons()).singleElement().asString().contains("sensor is broken");
		assertThat(this.pipelines.send("sensors", new Reading("s3", 2).json()).await().succeeded()).hasSize(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SensorHandler.class)
	static class SensorApplication {

	}

	@PipelineHandler("sensors")
	static class SensorHandler {

		final List<String> batches = new CopyOnWriteArrayList<>();

		final List<Object> failed = new CopyOnWriteArrayList<>();

		@OnMessage
		Message<Reading> handle(Message<Reading> message) {
			if (message.data().sensorId().equals("broken")) {
				throw new IllegalStateException("sensor is broken");
			}
			return message.toBatcher("aggregates").withBatchKey(message.data().sensorId());
		}

		@OnBatch("aggregates")
		void aggregate(List<Reading> readings, BatchInfo info) {
			this.batches.add(info.batchKey() + " x" + readings.size());
		}

		@OnFailure
		void failed(List<Message<Object>> messages) {
			messages.forEach((message) -> this.failed.add(message.data()));
		}

	}

}
