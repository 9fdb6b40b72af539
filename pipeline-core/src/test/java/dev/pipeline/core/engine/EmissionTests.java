package dev.pipeline.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.core.EmissionRefusedException;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.Source;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a source may emit, and when: a null is an error that names the pipeline and the
 * source, and an emission after the source's {@code stopFetching} has returned is refused
 * back to it (not processed, not acknowledged, not lost).
 */
@ExtendWith(Invariants.class)
class EmissionTests {

	private final CountingAcknowledger acks = new CountingAcknowledger();

	@Nested
	class Nulls {

		private final CapturingSource source = new CapturingSource("capturing");

		private Pipeline<Long> start() {
			Pipeline<Long> pipeline = Invariants
				.create(Pipeline.<Long>builder("nulls").source(this.source).onMessage((m) -> m).build());
			pipeline.start();
			return pipeline;
		}

		@Test
		void whenASourceEmitsNullThenTheErrorNamesThePipelineAndTheSource() {
			Pipeline<Long> pipeline = start();
			assertThatIllegalArgumentException().isThrownBy(() -> this.source.emitter.emit((Message<Long>) null))
				.withMessage("Source 'capturing' of pipeline 'nulls' emitted a null message; nothing was taken."
						+ " Action: emit only messages made with Message.of.");
			pipeline.drain();
		}

		@Test
		void whenASourceEmitsAListWithNullThenNoneIsTakenAndTheErrorSaysWhere() {
			Pipeline<Long> pipeline = start();
			List<Message<Long>> messages = Arrays.asList(Message.of(1L, EmissionTests.this.acks, null), null);
			assertThatIllegalArgumentException().isThrownBy(() -> this.source.emitter.emit(messages))
				.withMessage("Source 'capturing' of pipeline 'nulls' emitted a list of 2 messages with null at index 1;"
						+ " nothing was taken. Action: emit only messages made with Message.of.");
			pipeline.drain();
			assertThat(pipeline.stats().fetched()).isZero();
			assertThat(EmissionTests.this.acks.total()).isZero();
		}

	}

	@Nested
	class AfterStopFetching {

		@Test
		void whenASourceEmitsWhileOtherSourcesStillStopThenItsMessagesAreRefusedNotProcessed() {
			List<Long> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
			AtomicReference<Throwable> outcome = new AtomicReference<>();
			CapturingSource first = new CapturingSource("first");
			CapturingSource second = new CapturingSource("second") {

				@Override
				public void stopFetching() {
					// the first source has returned from stopFetching; a thread of it
					// emits late
					outcome.set(emitCatching(first.emitter, 99L));
				}

			};
			Pipeline<Long> pipeline = Invariants.create(Pipeline.<Long>builder("late")
				.sources(2, (i) -> (i == 0) ? first : second)
				.processors((p) -> p.concurrency(2).maxDemand(10))
				.onMessage((m) -> {
					handled.add(m.data());
					return m;
				})
				.build());
			pipeline.start();
			first.emitter.emit(Message.of(1L, EmissionTests.this.acks, null));
			await().until(() -> EmissionTests.this.acks.total() == 1);

			pipeline.drain();

			assertThat(outcome.get()).isInstanceOf(EmissionRefusedException.class)
				.hasMessage("Pipeline 'late' refused 1 message from source 'first': it emitted after its stopFetching"
						+ " returned, so the pipeline is draining or stopped. Action: release them to the broker for"
						+ " redelivery, and emit nothing once stopFetching returns.");
			assertThat(((EmissionRefusedException) outcome.get()).refused()).extracting((m) -> (Object) m.data())
				.containsExactly(99L);
			assertThat(handled).containsExactly(1L);
			assertThat(EmissionTests.this.acks.total()).isEqualTo(1);
			assertThat(EmissionTests.this.acks.wasOk(99L)).isFalse();
			assertThat(pipeline.stats().fetched()).isEqualTo(1);
		}

		@Test
		void whenASourceEmitsAfterTheDrainThenItsMessagesAreRefusedBackToIt() {
			CapturingSource source = new CapturingSource("stopped");
			Pipeline<Long> pipeline = Invariants
				.create(Pipeline.<Long>builder("drained").source(source).onMessage((m) -> m).build());
			pipeline.start();
			pipeline.drain();

			Throwable outcome = emitCatching(source.emitter, 7L, 8L);

			assertThat(outcome).isInstanceOf(EmissionRefusedException.class);
			assertThat(((EmissionRefusedException) outcome).refused()).extracting((m) -> (Object) m.data())
				.containsExactly(7L, 8L);
			assertThat(pipeline.stats().fetched()).isZero();
		}

	}

	private Throwable emitCatching(Emitter<Long> emitter, Long... data) {
		List<Message<Long>> messages = new ArrayList<>();
		for (Long item : data) {
			messages.add(Message.of(item, this.acks, null));
		}
		try {
			emitter.emit(messages);
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/**
	 * A source that keeps its emitter for the test to emit through, and ignores demand.
	 */
	private static class CapturingSource implements Source<Long> {

		private final String name;

		volatile Emitter<Long> emitter;

		CapturingSource(String name) {
			this.name = name;
		}

		@Override
		public void start(Emitter<Long> target) {
			this.emitter = target;
		}

		@Override
		public void request(int count) {
		}

		@Override
		public String describe() {
			return this.name;
		}

	}

}
