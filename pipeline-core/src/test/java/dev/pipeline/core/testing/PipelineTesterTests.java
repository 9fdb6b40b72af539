package dev.pipeline.core.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test API pushes messages through the real handlers and waits for their
 * acknowledgement.
 */
@ExtendWith(Invariants.class)
class PipelineTesterTests {

	private final InMemorySource<String> source = new InMemorySource<>();

	private final PipelineTester<String> tester = PipelineTester.of(this.source);

	private Pipeline<String> pipeline;

	@BeforeEach
	void start() {
		this.pipeline = Invariants.create(Pipeline.<String>builder("tested")
			.source(this.source)
			.onMessage((m) -> m.data().isBlank() ? m.failed("Blank.") : m.withData(m.data().toUpperCase()))
			.batcher("default", (b) -> b.batchSize(100).batchTimeout(Duration.ofHours(1)).handler((batch, info) -> {
				for (Message<String> message : batch) {
					if (message.data().equals("TWICE")) {
						message.acknowledger().acknowledge(List.of(message), List.of());
					}
				}
				return batch;
			}))
			.build());
		this.pipeline.start();
	}

	@AfterEach
	void drain() {
		this.pipeline.drain();
	}

	@Test
	void whenOneMessageIsSentThenItsBatchIsFlushedAndTheResultShowsTheHandledMessage() {
		AckResult<String> result = this.tester.send("hello", Map.of("source", "test")).await();
		assertThat(result.succeededData()).containsExactly("HELLO");
		assertThat(result.succeeded().get(0).metadata()).containsEntry("source", "test");
		assertThat(result.failed()).isEmpty();
	}

	@Test
	void whenSomeMessagesFailThenTheResultListsThemWithTheirReasons() {
		AckResult<String> result = this.tester.sendBatch(List.of("a", " ", "b"), dev.pipeline.core.BatchMode.FLUSH)
			.await();
		assertThat(result.succeededData()).containsExactlyInAnyOrder("A", "B");
		assertThat(result.failedData()).containsExactly(" ");
		assertThat(result.failureReasons()).containsExactly("Blank.");
	}

	@Test
	void whenAMessageIsAcknowledgedTwiceThenWaitingForItFailsTheTest() {
		TestAck<String> ack = this.tester.sendBatch(List.of("twice", "other"), dev.pipeline.core.BatchMode.FLUSH);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(ack::await)
			.withMessageContaining("was acknowledged twice");
	}

	@Test
	void whenMessagesAreNotAcknowledgedInTimeThenWaitingSaysHowManyWere() {
		TestAck<String> ack = this.tester.sendBatch(List.of("x", "y"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> ack.await(Duration.ofMillis(50)))
			.withMessage("Expected 2 messages to be acknowledged within PT0.05S, but 0 were (0 succeeded, 0 failed)");
		assertThat(Message.DEFAULT_BATCHER).isEqualTo("default");
	}

}
