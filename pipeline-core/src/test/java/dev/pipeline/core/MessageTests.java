package dev.pipeline.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
	void whenMadeWithAMapThenItIsCopiedUnlessItIsSourceMetadata() {
		HashMap<String, Object> plain = new HashMap<>(Map.of("a", 1));
		Message<String> copied = Message.of("x", plain, this.acknowledger, null);
		plain.put("b", 2);
		assertThat(copied.metadata()).containsOnlyKeys("a");
		Fixed fixed = new Fixed();
		assertThat(Message.of("x", fixed, this.acknowledger, null).metadata()).isSameAs(fixed);
	}

	private static final class Fixed extends SourceMetadata {

		Fixed() {
			super(new String[] { "a" });
		}

		@Override
		public Object get(Object key) {
			return "a".equals(key) ? 1 : null;
		}

	}

	@Test
	void whenMadeWithABatchKeyThenItIsTheSameAsKeyingItAfterwards() {
		Fixed fixed = new Fixed();
		Message<String> keyed = Message.of("x", fixed, this.acknowledger, 7L, "k");
		Message<String> later = Message.of("x", fixed, this.acknowledger, 7L).withBatchKey("k");
		assertThat(keyed.batchKey()).isEqualTo(later.batchKey());
		assertThat(keyed.metadata()).isSameAs(fixed);
		assertThat(keyed.ackData()).isEqualTo(7L);
		assertThat(keyed.batcher()).isNull();
		assertThat(keyed.batchMode()).isEqualTo(later.batchMode());
		assertThat(keyed.isOk()).isTrue();
		assertThat(keyed.withData(1).isSameAs(keyed)).isTrue();
		assertThat(Message.of("x", Map.of(), this.acknowledger, null, null).batchKey()).isNull();
	}

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
