package dev.pipeline.boot.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnFailure;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PartitionKey;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.annotation.PrepareMessages;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchMode;
import dev.pipeline.core.Message;
import dev.pipeline.core.testing.AckResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each handler method signature form, bound and driven through the test client.
 */
class HandlerBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class, PipelineTestAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withPropertyValues("pipeline.test.in-memory=true", "pipeline.pipelines.p.processors.default.concurrency=2");

	private static AckResult<Object> send(org.springframework.context.ApplicationContext context, Object data) {
		return context.getBean(PipelineTestClient.class).send("p", data).await();
	}

	@Nested
	class OnMessageForms {

		@Test
		void whenMethodTakesAStringAndReturnsOneThenTheReturnedPayloadGoesOn() {
			HandlerBindingTests.this.runner.withUserConfiguration(StringPayload.class).run((context) -> {
				AckResult<Object> result = send(context, "abc".getBytes());
				assertThat(result.succeededData()).containsExactly("ABC");
			});
		}

		@Test
		void whenMethodTakesATypedMessageThenJsonIsConvertedThroughTheJsonMapper() {
			HandlerBindingTests.this.runner.withUserConfiguration(TypedMessage.class).run((context) -> {
				AckResult<Object> result = send(context, new Reading("s1", 2.5).json());
				assertThat(result.succeededData()).containsExactly(new Reading("s1", 5.0));
			});
		}

		@Test
		void whenMethodTakesPayloadAndMetadataAndReturnsVoidThenTheConvertedMessageGoesOn() {
			HandlerBindingTests.this.runner.withUserConfiguration(PayloadAndMetadata.class).run((context) -> {
				AckResult<Object> result = context.getBean(PipelineTestClient.class)
					.send("p", "42", Map.of("origin", "test"))
					.await();
				assertThat(result.succeededData()).containsExactly(42);
				assertThat(context.getBean(PayloadAndMetadata.class).seen).containsExactly("42 from test");
			});
		}

		@Test
		void whenJsonDoesNotFitTheTypeThenOnlyThatMessageFailsWithAClearReason() {
			HandlerBindingTests.this.runner.withUserConfiguration(TypedMessage.class).run((context) -> {
				AckResult<Object> result = context.getBean(PipelineTestClient.class)
					.sendBatch("p", List.of("{\"sensorId\":\"s1\",\"value\":\"high\"}", new Reading("s2", 1).json()),
							BatchMode.FLUSH)
					.await();
				assertThat(result.succeededData()).containsExactly(new Reading("s2", 2.0));
				assertThat(result.failureReasons()).singleElement()
					.asString()
					.startsWith("Cannot convert the payload to " + Reading.class.getName() + ": ");
			});
		}

		@Test
		void whenAPartitionKeyMethodIsDeclaredThenItKeysTheProcessors() {
			HandlerBindingTests.this.runner.withUserConfiguration(Keyed.class).run((context) -> {
				AckResult<Object> result = send(context, new Reading("s9", 1).json());
				assertThat(result.succeeded()).hasSize(1);
				assertThat(context.getBean(Keyed.class).keys).containsExactly("s9");
			});
		}

		@Test
		void whenPartitionByIsAnExpressionThenItSeesTheConvertedPayload() {
			HandlerBindingTests.this.runner.withUserConfiguration(TypedMessage.class)
				.withPropertyValues("pipeline.pipelines.p.processors.default.partition-by=payload.sensorId")
				.run((context) -> assertThat(send(context, new Reading("s1", 1).json()).succeeded()).hasSize(1));
		}

	}

	@Nested
	class OnBatchForms {

		@Test
		void whenBatchMethodTakesPayloadsAndBatchInfoThenItSeesConvertedPayloads() {
			HandlerBindingTests.this.runner.withUserConfiguration(PayloadBatch.class)
				.withPropertyValues("pipeline.pipelines.p.batchers.sums.batch-size=2")
				.run((context) -> {
					AckResult<Object> result = context.getBean(PipelineTestClient.class)
						.sendBatch("p", List.of(new Reading("a", 1).json(), new Reading("a", 2).json()))
						.await();
					assertThat(result.succeeded()).hasSize(2);
					assertThat(context.getBean(PayloadBatch.class).batches)
						.containsExactly("sums/a: [Reading[sensorId=a, value=1.0], Reading[sensorId=a, value=2.0]]");
				});
		}

		@Test
		void whenBatchMethodReturnsMessagesThenItsFailuresAreAcknowledgedAsFailed() {
			HandlerBindingTests.this.runner.withUserConfiguration(MessageBatch.class)
				.withPropertyValues("pipeline.pipelines.p.batchers.default.batch-size=10")
				.run((context) -> {
					AckResult<Object> result = context.getBean(PipelineTestClient.class)
						.sendBatch("p", List.of("ok", "bad", "ok2"), BatchMode.FLUSH)
						.await();
					assertThat(result.succeededData()).containsExactlyInAnyOrder("ok", "ok2");
					assertThat(result.failureReasons()).containsExactly("Bad data.");
					assertThat(context.getBean(MessageBatch.class).failed).containsExactly("bad");
				});
		}

		@Test
		void whenAChunkIsPreparedThenHandlersSeeThePreparedMessages() {
			HandlerBindingTests.this.runner.withUserConfiguration(MessageBatch.class)
				.withPropertyValues("pipeline.pipelines.p.batchers.default.batch-size=10")
				.run((context) -> assertThat(send(context, "x").succeeded()).singleElement()
					.extracting((message) -> message.metadata().get("prepared"))
					.isEqualTo(true));
		}

	}

	@PipelineHandler("p")
	static class StringPayload {

		@OnMessage
		String handle(String text) {
			return text.toUpperCase();
		}

	}

	@PipelineHandler("p")
	static class TypedMessage {

		@OnMessage
		Message<Reading> handle(Message<Reading> message) {
			return message.withData(new Reading(message.data().sensorId(), message.data().value() * 2));
		}

	}

	@PipelineHandler("p")
	static class PayloadAndMetadata {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@OnMessage
		void handle(Map<String, Object> metadata, Integer value) {
			this.seen.add(value + " from " + metadata.get("origin"));
		}

	}

	@PipelineHandler("p")
	static class Keyed {

		final List<Object> keys = new CopyOnWriteArrayList<>();

		@OnMessage
		void handle(Reading reading) {
		}

		@PartitionKey
		String key(Reading reading) {
			this.keys.add(reading.sensorId());
			return reading.sensorId();
		}

	}

	@PipelineHandler("p")
	static class PayloadBatch {

		final List<String> batches = new CopyOnWriteArrayList<>();

		@OnMessage
		Message<Reading> handle(Message<Reading> message) {
			return message.toBatcher("sums").withBatchKey(message.data().sensorId());
		}

		@OnBatch("sums")
		void sums(List<Reading> readings, BatchInfo info) {
			this.batches.add(info.batcher() + "/" + info.batchKey() + ": " + readings);
		}

	}

	@PipelineHandler("p")
	static class MessageBatch {

		final List<Object> failed = new CopyOnWriteArrayList<>();

		@PrepareMessages
		List<Message<String>> prepare(List<Message<String>> chunk) {
			return chunk.stream().map((message) -> message.withMetadata("prepared", true)).toList();
		}

		@OnMessage
		void handle(String text) {
		}

		@OnBatch("default")
		List<Message<String>> batch(List<Message<String>> batch) {
			return batch.stream().map((m) -> m.data().equals("bad") ? m.failed("Bad data.") : m).toList();
		}

		@OnFailure
		void failed(List<Message<Object>> messages) {
			messages.forEach((message) -> this.failed.add(message.data()));
		}

	}

}
