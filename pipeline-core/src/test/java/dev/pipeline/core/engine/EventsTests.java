package dev.pipeline.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;
import dev.pipeline.core.StageStats;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.Invariants;
import dev.pipeline.core.testing.AckResult;
import dev.pipeline.core.testing.PipelineTester;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The events a {@link PipelineListener} sees: the pipeline's start, stop and failure to
 * start; each message and each batch, with the stage and worker that handled it; and each
 * group acknowledged.
 */
@ExtendWith(Invariants.class)
class EventsTests {

	private final InMemorySource<String> source = new InMemorySource<>();

	private final PipelineTester<String> tester = PipelineTester.of(this.source);

	private final List<String> events = new CopyOnWriteArrayList<>();

	private Pipeline<String> start(PipelineListener listener, PipelineSpec.Builder<String> builder) {
		Pipeline<String> pipeline = Invariants.create(builder.source(this.source)
			.processors((p) -> p.concurrency(1).maxDemand(4))
			.listener(listener)
			.build());
		pipeline.start();
		return pipeline;
	}

	@Nested
	class OfThePipeline {

		@Test
		void whenStartedAndDrainedThenTheListenerSeesStartAndStopWithTheDrainResult() {
			PipelineListener listener = new PipelineListener() {

				@Override
				public void pipelineStarted(PipelineSpec<?> spec) {
					EventsTests.this.events.add("started " + spec.name());
				}

				@Override
				public void pipelineStopped(String pipeline, DrainResult result) {
					EventsTests.this.events.add("stopped " + pipeline + " completed=" + result.completed());
				}

			};
			Pipeline<String> pipeline = start(listener, Pipeline.<String>builder("lifecycle").onMessage((m) -> m));
			pipeline.drain();
			assertThat(EventsTests.this.events).containsExactly("started lifecycle",
					"stopped lifecycle completed=true");
		}

		@Test
		void whenASourceCannotStartThenTheListenerSeesTheException() {
			Source<String> broken = new Source<>() {

				@Override
				public void start(Emitter<String> emitter) {
					throw new IllegalStateException("no broker");
				}

				@Override
				public void request(int count) {
				}

			};
			PipelineListener listener = new PipelineListener() {

				@Override
				public void pipelineStarted(PipelineSpec<?> spec) {
					EventsTests.this.events.add("started");
				}

				@Override
				public void pipelineException(String pipeline, Throwable error) {
					EventsTests.this.events.add("exception " + pipeline + ": " + error.getMessage());
				}

			};
			Pipeline<String> pipeline = Invariants.create(
					Pipeline.<String>builder("broken").source(broken).onMessage((m) -> m).listener(listener).build());
			assertThatIllegalStateException().isThrownBy(pipeline::start);
			assertThat(EventsTests.this.events).containsExactly("exception broken: no broker");
		}

	}

	@Nested
	class OfEachMessage {

		@Test
		void whenMessagesAreHandledThenEachHasAStartAndAStopOnItsProcessor() {
			PipelineListener listener = new PipelineListener() {

				@Override
				public void messageStarted(Worker processor, Message<?> message) {
					EventsTests.this.events.add("start " + message.data() + " on " + processor);
				}

				@Override
				public void messageStopped(Worker processor, Message<?> result, long nanos) {
					EventsTests.this.events.add("stop " + result.data() + " ok=" + result.isOk());
				}

			};
			Pipeline<String> pipeline = start(listener,
					Pipeline.<String>builder("messages").onMessage((m) -> m.withData(m.data().toUpperCase())));
			this.tester().sendBatch(List.of("a", "b")).await();
			pipeline.drain();
			String processor = "Worker[pipeline=messages, stage=PROCESSOR, name=default, index=0]";
			assertThat(EventsTests.this.events).containsExactly("start a on " + processor, "stop A ok=true",
					"start b on " + processor, "stop B ok=true");
		}

		@Test
		void whenTheMessageHandlerThrowsThenAnExceptionEventComesBeforeTheStop() {
			PipelineListener listener = new PipelineListener() {

				@Override
				public void messageStarted(Worker processor, Message<?> message) {
					EventsTests.this.events.add("start " + message.data());
				}

				@Override
				public void messageException(Worker processor, Message<?> message, Throwable error, long nanos) {
					EventsTests.this.events.add("exception " + message.data() + ": " + error.getMessage());
				}

				@Override
				public void messageStopped(Worker processor, Message<?> result, long nanos) {
					EventsTests.this.events.add("stop " + result.data() + " ok=" + result.isOk());
				}

			};
			Pipeline<String> pipeline = start(listener, Pipeline.<String>builder("throwing").onMessage((m) -> {
				throw new IllegalArgumentException("bad " + m.data());
			}));
			this.tester().send("x").await();
			pipeline.drain();
			assertThat(EventsTests.this.events).containsExactly("start x", "exception x: bad x", "stop x ok=false");
		}

		@Test
		void whenNoListenerObservesMessagesThenNoPerMessageEventIsSent() {
			AtomicInteger perMessage = new AtomicInteger();
			AtomicInteger chunks = new AtomicInteger();
			PipelineListener listener = new PipelineListener() {

				@Override
				public boolean observesMessages() {
					return false;
				}

				@Override
				public void messageStarted(Worker processor, Message<?> message) {
					perMessage.incrementAndGet();
				}

				@Override
				public void chunkHandled(Worker processor, int messages, int failed, long nanos) {
					chunks.addAndGet(messages);
				}

			};
			Pipeline<String> pipeline = start(listener, Pipeline.<String>builder("quiet").onMessage((m) -> m));
			this.tester().sendBatch(List.of("a", "b", "c")).await();
			pipeline.drain();
			assertThat(perMessage).hasValue(0);
			assertThat(chunks).hasValue(3);
		}

		@Test
		void whenAListenerOverridesAMessageEventThenItObservesMessagesByDefault() {
			PipelineListener observing = new PipelineListener() {

				@Override
				public void messageStopped(Worker processor, Message<?> result, long nanos) {
				}

			};
			PipelineListener batchesOnly = new PipelineListener() {

				@Override
				public void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
				}

			};
			assertThat(observing.observesMessages()).isTrue();
			assertThat(batchesOnly.observesMessages()).isFalse();
			assertThat(PipelineListener.NONE.observesMessages()).isFalse();
		}

		private PipelineTester<String> tester() {
			return EventsTests.this.tester;
		}

	}

	@Nested
	class OfChunksAndAcknowledgements {

		@Test
		void whenAChunkIsHandledThenTheListenerSeesItsSizeAndFailuresOnItsProcessor() {
			PipelineListener listener = new PipelineListener() {

				@Override
				public void chunkHandled(Worker processor, int messages, int failed, long nanos) {
					EventsTests.this.events.add(processor.stage() + " " + processor.index() + ": " + messages
							+ " messages, " + failed + " failed");
				}

			};
			Pipeline<String> pipeline = start(listener,
					Pipeline.<String>builder("chunks").onMessage((m) -> m.data().equals("bad") ? m.failed("Bad.") : m));
			EventsTests.this.source.push(List.of(message("ok"), message("bad")));
			await().until(() -> !EventsTests.this.events.isEmpty());
			pipeline.drain();
			assertThat(String.join("\n", EventsTests.this.events)).isIn("PROCESSOR 0: 2 messages, 1 failed",
					"PROCESSOR 0: 1 messages, 0 failed\nPROCESSOR 0: 1 messages, 1 failed");
		}

		@Test
		void whenMessagesAreSettledThenTheListenerSeesEachGroupWithItsMessages() {
			PipelineListener listener = new PipelineListener() {

				@Override
				public void acknowledged(String pipeline, List<Message<?>> successful, List<Message<?>> failed) {
					successful.forEach((m) -> EventsTests.this.events.add("ok " + m.data()));
					failed.forEach((m) -> EventsTests.this.events.add("failed " + m.data()));
				}

			};
			Pipeline<String> pipeline = start(listener,
					Pipeline.<String>builder("acks").onMessage((m) -> m.data().equals("bad") ? m.failed("Bad.") : m));
			AckResult<String> result = EventsTests.this.tester.sendBatch(List.of("good", "bad")).await();
			pipeline.drain();
			assertThat(result.succeededData()).containsExactly("good");
			assertThat(EventsTests.this.events).containsExactlyInAnyOrder("ok good", "failed bad");
		}

		private Message<String> message(String data) {
			return Message.of(data, dev.pipeline.core.Acknowledger.NOOP, null);
		}

	}

	@Nested
	class OfEachBatch {

		@Test
		void whenABatchIsHandledThenItHasAStartAndAStopOnItsBatchWorker() {
			PipelineListener listener = new PipelineListener() {

				@Override
				public void batchStarted(Worker batchWorker, BatchInfo info) {
					EventsTests.this.events.add("start " + info.size() + " on " + batchWorker);
				}

				@Override
				public void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
					EventsTests.this.events.add("stop " + info.trigger() + " failed=" + failed);
				}

			};
			Pipeline<String> pipeline = start(listener,
					Pipeline.<String>builder("batches")
						.onMessage((m) -> m)
						.batcher("store", (b) -> b.batchSize(2).handler((batch, info) -> batch)));
			EventsTests.this.tester.sendBatch(List.of("a", "b")).await();
			pipeline.drain();
			assertThat(EventsTests.this.events).containsExactly(
					"start 2 on Worker[pipeline=batches, stage=BATCH_WORKER, name=store, index=0]",
					"stop " + BatchTrigger.SIZE + " failed=0");
		}

		@Test
		void whenTheBatchHandlerThrowsThenAnExceptionEventComesBeforeTheStop() {
			PipelineListener listener = new PipelineListener() {

				@Override
				public void batchStarted(Worker batchWorker, BatchInfo info) {
					EventsTests.this.events.add("start " + batchWorker.stage());
				}

				@Override
				public void batchException(Worker batchWorker, BatchInfo info, Throwable error, long nanos) {
					EventsTests.this.events.add("exception " + error.getMessage());
				}

				@Override
				public void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
					EventsTests.this.events.add("stop failed=" + failed);
				}

			};
			Pipeline<String> pipeline = start(listener, Pipeline.<String>builder("failing-batches")
				.onMessage((m) -> m)
				.batcher("default", (b) -> b.batchSize(2).batchTimeout(Duration.ofHours(1)).handler((batch, info) -> {
					throw new IllegalStateException("store down");
				})));
			EventsTests.this.tester.sendBatch(List.of("a", "b")).await();
			pipeline.drain();
			assertThat(EventsTests.this.events).containsExactly("start " + StageStats.Kind.BATCH_WORKER,
					"exception store down", "stop failed=2");
		}

	}

}
