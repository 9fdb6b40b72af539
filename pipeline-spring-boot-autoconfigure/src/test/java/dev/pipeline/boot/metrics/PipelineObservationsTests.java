package dev.pipeline.boot.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pipeline.boot.support.CountingAcknowledger;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.InMemorySource;
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
			List<SimpleSpan> batches = spans("orders store batch");
			assertThat(batches).isNotEmpty();
			int sizes = batches.stream().mapToInt((span) -> Integer.parseInt(span.getTags().get("batch.size"))).sum();
			assertThat(sizes).isEqualTo(9);
			assertThat(batches).allSatisfy((span) -> assertThat(span.getTags()).containsEntry("batcher", "store")
				.containsEntry("stage", "batch_worker"));
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
							.hasLowCardinalityKeyValue("batcher", "none"))
				.forAllObservationsWithNameEqualTo(PipelineObservations.BATCH,
						(observation) -> observation.hasLowCardinalityKeyValue("batcher", "store")
							.hasLowCardinalityKeyValue("outcome", "success"));
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
