package dev.pipeline.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.support.Reading;
import dev.pipeline.boot.test.PipelineTestClient;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchMode;
import dev.pipeline.core.Message;
import dev.pipeline.core.testing.AckResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code partition-by} expression that cannot be evaluated on a message fails that
 * message with a reason naming the expression and its key; the other messages go on.
 */
class PartitionByExpressionTests {

	private static final String PROCESSORS_KEY = "pipeline.pipelines.p.processors.default.partition-by";

	private static final String BATCHER_KEY = "pipeline.pipelines.p.batchers.sums.partition-by";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("pipeline.test.in-memory=true", "pipeline.pipelines.p.processors.default.concurrency=2",
				"pipeline.pipelines.p.batchers.sums.batch-size=10")
		.withUserConfiguration(SensorHandler.class);

	private static AckResult<Object> sendBoth(ApplicationContext context, Object first, Object second) {
		return context.getBean(PipelineTestClient.class)
			.sendBatch("p", List.of(first, second), BatchMode.FLUSH)
			.await();
	}

	@Nested
	class Processors {

		@Test
		void whenThePropertyDoesNotExistThenEachMessageFailsWithTheExpressionAndItsKey() {
			PartitionByExpressionTests.this.runner.withPropertyValues(PROCESSORS_KEY + "=payload.room")
				.run((context) -> {
					AckResult<Object> result = sendBoth(context, new Reading("s1", 1).json(),
							new Reading("s2", 2).json());
					assertThat(result.succeeded()).isEmpty();
					assertThat(result.failureReasons()).hasSize(2)
						.allSatisfy((reason) -> assertThat(reason)
							.startsWith("The processors' partition-by failed on this message: "
									+ "java.lang.IllegalArgumentException: Expression 'payload.room' of '"
									+ PROCESSORS_KEY
									+ "' cannot be evaluated on this message: EL1008E: Property or field 'room' cannot be"
									+ " found on object of type '" + Reading.class.getName() + "'"));
					assertThat(context.getBean(SensorHandler.class).batches).isEmpty();
				});
		}

		@Test
		void whenThePayloadCannotBeConvertedThenOnlyThatMessageFailsWithTheConversionReason() {
			PartitionByExpressionTests.this.runner.withPropertyValues(PROCESSORS_KEY + "=payload.sensorId")
				.run((context) -> {
					AckResult<Object> result = sendBoth(context, "not json", new Reading("s2", 2).json());
					assertThat(result.succeededData()).containsExactly(new Reading("s2", 2));
					assertThat(result.failureReasons()).singleElement()
						.asString()
						.startsWith("The processors' partition-by failed on this message: "
								+ "java.lang.IllegalArgumentException: Expression 'payload.sensorId' of '"
								+ PROCESSORS_KEY
								+ "' cannot be evaluated on this message: Cannot convert the payload to "
								+ Reading.class.getName() + ": ");
				});
		}

		@Test
		void whenTheExpressionGivesNullThenTheMessageGoesOnWithTheNullKey() {
			PartitionByExpressionTests.this.runner.withPropertyValues(PROCESSORS_KEY + "=metadata['tenant']")
				.run((context) -> assertThat(
						sendBoth(context, new Reading("s1", 1).json(), new Reading("s2", 2).json()).succeeded())
					.hasSize(2));
		}

	}

	@Nested
	class Batchers {

		@Test
		void whenThePropertyDoesNotExistThenTheMessageFailsInTheBatcherWithTheExpressionAndItsKey() {
			PartitionByExpressionTests.this.runner.withPropertyValues(BATCHER_KEY + "=payload.room").run((context) -> {
				AckResult<Object> result = sendBoth(context, new Reading("s1", 1).json(), new Reading("s2", 2).json());
				assertThat(result.succeeded()).isEmpty();
				assertThat(result.failureReasons()).hasSize(2)
					.allSatisfy((reason) -> assertThat(reason).startsWith("The partition-by of batcher 'sums' failed on"
							+ " this message: java.lang.IllegalArgumentException: Expression 'payload.room' of '"
							+ BATCHER_KEY
							+ "' cannot be evaluated on this message: EL1008E: Property or field 'room'"));
				assertThat(context.getBean(SensorHandler.class).batches).isEmpty();
			});
		}

		@Test
		void whenThePropertyExistsThenTheBatchesAreHandled() {
			PartitionByExpressionTests.this.runner.withPropertyValues(BATCHER_KEY + "=payload.sensorId")
				.run((context) -> {
					assertThat(sendBoth(context, new Reading("s1", 1).json(), new Reading("s2", 2).json()).succeeded())
						.hasSize(2);
					assertThat(context.getBean(SensorHandler.class).batches).hasSize(2);
				});
		}

	}

	@PipelineHandler("p")
	static class SensorHandler {

		final List<List<Reading>> batches = new CopyOnWriteArrayList<>();

		@OnMessage
		Message<Reading> handle(Message<Reading> message) {
			return message.toBatcher("sums").withBatchKey(message.data().sensorId());
		}

		@OnBatch("sums")
		void sums(List<Reading> readings, BatchInfo info) {
			this.batches.add(readings);
		}

	}

}
