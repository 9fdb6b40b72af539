package dev.pipeline.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.Source;
import dev.pipeline.core.support.CountingAcknowledger;
import dev.pipeline.core.support.RecordingLogger;
import dev.pipeline.core.testing.VirtualClock;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a processor logs what fails in the message handler: a {@code null} returned is
 * logged as a thrown exception is, with the same rate limit (one warning a second, the
 * rest counted).
 */
class ProcessorStageTests {

	private final VirtualClock clock = new VirtualClock();

	private final RecordingLogger logger = new RecordingLogger();

	private final FailureLog log = new FailureLog("logged", this.logger, this.clock);

	private final Events events = new Events(PipelineListener.NONE, this.log);

	private final Acknowledgements acknowledgements = new Acknowledgements("logged", this.events, this.log);

	private final CountingAcknowledger acks = new CountingAcknowledger();

	/** Runs one processor over the messages, then lets it end; on the calling thread. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void process(MessageHandler<Object> handler, Object... data) throws InterruptedException {
		MessageBuffer buffer = new MessageBuffer(16);
		Source<Object> idle = new Source<>() {

			@Override
			public void start(Emitter<Object> emitter) {
			}

			@Override
			public void request(int count) {
			}

		};
		ProducerStage producer = new ProducerStage("logged", new Source[] { idle }, new MessageBuffer[] { buffer },
				null, null, null, this.acknowledgements);
		List<Message<?>> messages = new ArrayList<>();
		for (Object item : data) {
			messages.add(Message.of(item, this.acks, null));
		}
		buffer.put(messages);
		buffer.close();
		new ProcessorStage("logged", 0, buffer, producer, 16, 1, handler, null,
				new Routes("logged", new String[0], new BatcherStage[0]),
				new Terminal(null, this.acknowledgements, this.log), this.events, this.log, () -> {
				})
			.run();
	}

	@Test
	void whenTheMessageHandlerReturnsNullThenItIsLoggedAsAThrownExceptionIs() throws Exception {
		process((m) -> {
			if (m.data().equals("thrown")) {
				throw new IllegalStateException("broken");
			}
			this.clock.advance(Duration.ofSeconds(1));
			return null;
		}, "thrown", "null");

		assertThat(this.logger.at(Level.WARN)).extracting(RecordingLogger.Entry::text)
			.containsExactly(
					"Pipeline 'logged': handling a message failed: The message handler threw"
							+ " java.lang.IllegalStateException: broken",
					"Pipeline 'logged': handling a message failed: The message handler returned null; return the"
							+ " message it was given.");
		assertThat(this.acks.failed()).isEqualTo(2);
	}

	@Test
	void whenTheMessageHandlerReturnsNullOftenThenOneWarningASecondCountsTheRest() throws Exception {
		process((m) -> {
			if (m.data().equals("later")) {
				this.clock.advance(Duration.ofSeconds(1));
			}
			return null;
		}, "first", "second", "third", "later");

		assertThat(this.logger.at(Level.WARN)).extracting(RecordingLogger.Entry::text)
			.containsExactly(
					"Pipeline 'logged': handling a message failed: The message handler returned null; return the"
							+ " message it was given.",
					"Pipeline 'logged': handling a message failed: The message handler returned null; return the"
							+ " message it was given. (2 more failures since the last warning)");
		assertThat(this.logger.at(Level.DEBUG)).hasSize(2);
	}

}
