package dev.pipeline.boot.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pipeline.boot.support.CountingAcknowledger;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTraceContext;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PipelineObservations} around the handlers of a running pipeline: a span per
 * message that continues the trace in the message's headers, a span per batch, and the
 * low-cardinality keys of each observation.
 */
class PipelineObservationsTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	final InMemorySource<Long> source = new InMemorySource<>();

	final CountingAcknowledger acks = new CountingAcknowledger();

	final List<Pipeline<Long>> started = new ArrayList<>();

	@AfterEach
	void drain() {
		this.started.forEach(Pipeline::drain);
	}

	Pipeline<Long> start(ObservationRegistry registry) {
		PipelineObservations observations = new PipelineObservations(registry);
		Pipeline<Long> pipeline = Pipeline.create(Pipeline.<Long>builder("orders")
			.source(this.source)
			.processors((p) -> p.concurrency(2))
			.onMessage(observations.decorate("orders",
					(message) -> (message.data() % 10 == 0) ? message.failed("Divisible by 10.")
							: message.toBatcher("store")))
			.batcher("store",
					(b) -> b.batchSize(5)
						.batchTimeout(Duration.ofMillis(20))
						.handler(observations.decorate("orders", "store", (batch, info) -> batch)))
			.build());
		pipeline.start();
		this.started.add(pipeline);
		return pipeline;
	}

	void send(long first, int count, Map<String, Object> metadata) {
		List<Message<Long>> messages = new ArrayList<>();
		for (long data = first; data < first + count; data++) {
			messages.add(Message.of(data, metadata, this.acks, null));
		}
		this.source.push(messages);
		await().until(() -> this.acks.total() >= count);
	}

	@Nested
	class Tracing {

		final SimpleTracer tracer = new SimpleTracer();

		ObservationRegistry registry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new FirstMatchingCompositeObservationHandler(
						new PipelineBatchTracingObservationHandler(this.tracer),
						new PropagatingReceiverTracingObservationHandler<>(this.tracer,
								new TraceparentPropagator(this.tracer)),
						new DefaultTracingObservationHandler(this.tracer)));
			return registry;
		}

		List<SimpleSpan> spans(String name) {
			return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).toList();
		}

		@Test
		void whenMessageCarriesTraceparentHeaderThenEachMessageSpanContinuesThatTrace() {
			start(registry());
			send(1, 20, Map.of("headers", Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")));
			List<SimpleSpan> spans = spans("orders process");
			assertThat(spans).hasSize(20);
			assertThat(spans).allSatisfy((span) -> {
				assertThat(span.context().traceId()).isEqualTo(TRACE_ID);
				assertThat(span.context().parentId()).isEqualTo(PARENT_SPAN_ID);
				assertThat(span.context().spanId()).isNotEqualTo(PARENT_SPAN_ID);
				assertThat(span.getKind()).isEqualTo(Span.Kind.CONSUMER);
				assertThat(span.getTags()).containsEntry("pipeline", "orders").containsEntry("stage", "processor");
			});
			assertThat(spans.stream().map((span) -> span.context().spanId()).distinct()).hasSize(20);
			assertThat(spans.stream().filter((span) -> "failure".equals(span.getTags().get("outcome")))).hasSize(2);
		}

		@Test
		void whenTraceparentIsAFlatKafkaStyleByteHeaderThenItIsReadToo() {
			start(registry());
			send(1, 3, Map.of("traceparent", ("00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01").getBytes()));
			assertThat(spans("orders process")).hasSize(3)
				.allSatisfy((span) -> assertThat(span.context().traceId()).isEqualTo(TRACE_ID));
		}

		@Test
		void whenBatchHandledThenOneSpanPerBatch() {
			start(registry());
			send(1, 9, Map.of());
			List<SimpleSpan> batches = spans("orders store process");
			assertThat(batches).isNotEmpty();
			int sizes = batches.stream()
				.mapToInt((span) -> Integer.parseInt(span.getTags().get("messaging.batch.message_count")))
				.sum();
			assertThat(sizes).isEqualTo(9);
			assertThat(batches).allSatisfy((span) -> assertThat(span.getTags()).containsEntry("batcher", "store")
				.containsEntry("stage", "batch_worker")
				.containsEntry("messaging.operation.type", "process"));
		}

		@Test
		void whenBatchHandledThenItsSpanLinksTheSpanOfEachOfItsMessages() {
			start(registry());
			send(1, 20, Map.of("headers", Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")));
			Map<String, SimpleSpan> batchedMessages = new java.util.HashMap<>();
			spans("orders process").stream()
				.filter((span) -> "success".equals(span.getTags().get("outcome")))
				.forEach((span) -> batchedMessages.put(span.context().spanId(), span));
			assertThat(batchedMessages).hasSize(18);
			List<SimpleSpan> batches = spans("orders store process");
			List<String> linked = batches.stream()
				.flatMap((span) -> span.getLinks().stream())
				.map((link) -> link.getTraceContext().spanId())
				.toList();
			assertThat(linked).hasSize(18).doesNotHaveDuplicates();
			assertThat(batchedMessages.keySet()).containsExactlyInAnyOrderElementsOf(linked);
			assertThat(batches).allSatisfy((span) -> assertThat(span.context().traceId()).isNotEqualTo(TRACE_ID));
		}

		@Test
		void whenTheHandlerRunsThenTheMessagesSpanIsCurrent() {
			List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
			PipelineObservations observations = new PipelineObservations(registry());
			Pipeline<Long> pipeline = Pipeline.create(Pipeline.<Long>builder("current")
				.source(PipelineObservationsTests.this.source)
				.onMessage(observations.decorate("current", (message) -> {
					Span span = this.tracer.currentSpan();
					seen.add((span != null) ? span.context().traceId() + "/" + span.context().parentId() : "none");
					return message;
				}))
				.build());
			pipeline.start();
			PipelineObservationsTests.this.started.add(pipeline);
			send(1, 5, Map.of("headers", Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")));
			assertThat(seen).hasSize(5).containsOnly(TRACE_ID + "/" + PARENT_SPAN_ID);
		}

	}

	@Nested
	class Observations {

		@Test
		void whenMessagesHandledThenObservationsHaveStableLowCardinalityKeys() {
			TestObservationRegistry registry = TestObservationRegistry.create();
			start(registry);
			send(1, 10, Map.of());
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo(PipelineObservations.MESSAGE, 10)
				.forAllObservationsWithNameEqualTo(PipelineObservations.MESSAGE,
						(observation) -> observation.hasLowCardinalityKeyValue("pipeline", "orders")
							.hasLowCardinalityKeyValue("stage", "processor")
							.hasLowCardinalityKeyValue("batcher", "none")
							.hasLowCardinalityKeyValue("messaging.system", "pipeline")
							.hasLowCardinalityKeyValue("messaging.operation.type", "process")
							.hasLowCardinalityKeyValue("messaging.operation.name", "process")
							.doesNotHaveLowCardinalityKeyValueWithKey("messaging.destination.name"))
				.forAllObservationsWithNameEqualTo(PipelineObservations.BATCH,
						(observation) -> observation.hasLowCardinalityKeyValue("batcher", "store")
							.hasLowCardinalityKeyValue("outcome", "success")
							.hasHighCardinalityKeyValueWithKey("messaging.batch.message_count"));
		}

		@Test
		void whenTheSourceIsKnownThenTheMessagingKeysNameItAndTheMessageIdIsHighCardinality() {
			TestObservationRegistry registry = TestObservationRegistry.create();
			PipelineObservations observations = new PipelineObservations(registry);
			PipelineMessaging kafka = new PipelineMessaging("kafka", "orders-topic", "orders-group");
			Pipeline<Long> pipeline = Pipeline.create(Pipeline.<Long>builder("keys")
				.source(PipelineObservationsTests.this.source)
				.onMessage(observations.decorate("keys", kafka, (message) -> message))
				.build());
			pipeline.start();
			PipelineObservationsTests.this.started.add(pipeline);
			send(1, 3, Map.of("messageId", "m-1"));
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo(PipelineObservations.MESSAGE, 3)
				.forAllObservationsWithNameEqualTo(PipelineObservations.MESSAGE,
						(observation) -> observation.hasLowCardinalityKeyValue("messaging.system", "kafka")
							.hasLowCardinalityKeyValue("messaging.destination.name", "orders-topic")
							.hasLowCardinalityKeyValue("messaging.consumer.group.name", "orders-group")
							.hasHighCardinalityKeyValue("messaging.message.id", "m-1")
							.hasContextualNameEqualTo("keys process"));
		}

		@Test
		void whenAConventionIsGivenThenItReplacesTheDefault() {
			TestObservationRegistry registry = TestObservationRegistry.create();
			PipelineMessageObservationConvention custom = new DefaultPipelineMessageObservationConvention() {

				@Override
				public String getName() {
					return "orders.received";
				}

				@Override
				public io.micrometer.common.KeyValues getLowCardinalityKeyValues(MessageReceiverContext context) {
					return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
				}

			};
			PipelineObservations observations = new PipelineObservations(registry, custom, null);
			Pipeline<Long> pipeline = Pipeline.create(Pipeline.<Long>builder("custom")
				.source(PipelineObservationsTests.this.source)
				.onMessage(observations.decorate("custom", (message) -> message))
				.build());
			pipeline.start();
			PipelineObservationsTests.this.started.add(pipeline);
			send(1, 4, Map.of());
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("orders.received", 4)
				.hasNumberOfObservationsWithNameEqualTo(PipelineObservations.MESSAGE, 0)
				.forAllObservationsWithNameEqualTo("orders.received",
						(observation) -> observation.hasLowCardinalityKeyValue("tenant", "acme")
							.hasLowCardinalityKeyValue("pipeline", "custom"));
		}

	}

	/** Reads a W3C {@code traceparent} into the simple tracer's context. */
	static final class TraceparentPropagator implements Propagator {

		private final SimpleTracer tracer;

		TraceparentPropagator(SimpleTracer tracer) {
			this.tracer = tracer;
		}

		@Override
		public List<String> fields() {
			return List.of("traceparent");
		}

		@Override
		public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
			setter.set(carrier, "traceparent", "00-" + context.traceId() + "-" + context.spanId() + "-01");
		}

		@Override
		public <C> Span.Builder extract(C carrier, Getter<C> getter) {
			String traceparent = getter.get(carrier, "traceparent");
			Span.Builder builder = this.tracer.spanBuilder();
			if (traceparent == null) {
				return builder;
			}
			String[] parts = traceparent.split("-");
			SimpleTraceContext parent = new SimpleTraceContext();
			parent.setTraceId(parts[1]);
			parent.setSpanId(parts[2]);
			parent.setSampled(true);
			return builder.setParent(parent);
		}

	}

}
