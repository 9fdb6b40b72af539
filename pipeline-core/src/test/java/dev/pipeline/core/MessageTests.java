package dev.pipeline.core;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A message is immutable, keeps its identity through copies, and configures its own
 * acknowledgement.
 */
class MessageTests {

	private final List<String> acknowledged = new ArrayList<>();

	private final Acknowledger acknowledger = new Acknowledger() {

		@Override
		public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
			successful.forEach((m) -> MessageTests.this.acknowledged.add("ok:" + m.data()));
			failed.forEach((m) -> MessageTests.this.acknowledged.add("failed:" + m.data()));
		}

		@Override
		public Object configure(Object ackData, Object option) {
			return option;
		}

	};

	@Test
	void whenCopiedThenTheOriginalIsUnchangedAndTheCopyIsTheSameMessage() {
		Message<String> original = Message.of("a", this.acknowledger, 7L);
		Message<Integer> copy = original.withData(1)
			.toBatcher("b")
			.withBatchKey("k")
			.withBatchMode(BatchMode.FLUSH)
			.withMetadata("h", "v")
			.failed("Broken.");
		assertThat(original.data()).isEqualTo("a");
		assertThat(original.isOk()).isTrue();
		assertThat(original.batcher()).isNull();
		assertThat(copy.isSameAs(original)).isTrue();
		assertThat(copy.batcher()).isEqualTo("b");
		assertThat(copy.batchKey()).isEqualTo("k");
		assertThat(copy.batchMode()).isEqualTo(BatchMode.FLUSH);
		assertThat(copy.metadata()).containsEntry("h", "v");
		assertThat(copy.status()).isEqualTo(new MessageStatus.Failed("Broken.", null));
		assertThat(copy.ackData()).isEqualTo(7L);
		assertThat(Message.of("a", this.acknowledger, 7L).isSameAs(original)).isFalse();
	}

	@Test
	void whenAcknowledgedImmediatelyThenTheSourceHearsNowAndTheEndOfThePipelineDoesNothing() {
		Message<String> settled = Message.of("now", this.acknowledger, null).acknowledgeImmediately();
		assertThat(this.acknowledged).containsExactly("ok:now");
		settled.acknowledger().acknowledge(List.of(settled), List.of());
		assertThat(this.acknowledged).containsExactly("ok:now");
		assertThat(settled.acknowledger()).isSameAs(Acknowledger.NOOP);
	}

	@Test
	void whenAckIsConfiguredThenTheAcknowledgerGivesTheNewPerMessageData() {
		Message<String> message = Message.of("x", this.acknowledger, "default").configureAck("requeue");
		assertThat(message.ackData()).isEqualTo("requeue");
	}

	@Test
	void whenTheAcknowledgerCannotBeConfiguredThenItSaysSo() {
		Message<String> message = Message.of("x", (ok, failed) -> {
		}, null);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> message.configureAck("requeue"))
			.withMessageContaining("does not support per-message acknowledgement options (requeue)");
	}

}
