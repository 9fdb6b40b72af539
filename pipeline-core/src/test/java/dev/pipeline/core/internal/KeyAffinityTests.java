package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineClock;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.support.CountingAcknowledger;
import org.junit.jupiter.api.Test;

import static dev.pipeline.core.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookkeeping of order-by, one step at a time: where each message goes, and when its
 * key is free again.
 */
class KeyAffinityTests {

	private final MessageBuffer[] buffers = { new MessageBuffer(100), new MessageBuffer(100), new MessageBuffer(100) };

	private final CountingAcknowledger acks = new CountingAcknowledger();

	private final FailureLog log = new FailureLog("keys", PipelineClock.system());

	private final Acknowledgements acknowledgements = new Acknowledgements("keys",
			new Events(PipelineListener.NONE, this.log), this.log);

	private KeyAffinity byData() {
		return new KeyAffinity(Message::data, this.buffers, this.acknowledgements);
	}

	@Test
	void whenKeysHaveNothingInFlightThenEachGoesToTheProcessorWithTheFewestMessages() throws Exception {
		KeyAffinity affinity = byData();
		affinity.put(messages("a", "b", "c", "d"), -1);
		assertThat(sizes()).containsExactly(2, 1, 1);
		assertThat(keysIn(0)).containsExactly("a", "d");
	}

	@Test
	void whenAKeyIsInFlightThenItsMessagesFollowItEvenToTheBusiestProcessor() throws Exception {
		KeyAffinity affinity = byData();
		affinity.put(messages("a", "b", "c"), -1);
		affinity.put(messages("a", "a"), -1);
		assertThat(sizes()).containsExactly(3, 1, 1);
		assertThat(keysIn(0)).containsExactly("a", "a", "a");
	}

	@Test
	void whenEveryMessageOfAKeyIsFinishedThenTheKeyGoesWhereverThereIsLeastWork() throws Exception {
		KeyAffinity affinity = byData();
		affinity.put(messages("a", "b", "c", "x"), -1);
		affinity.finished(0, 1);
		assertThat(affinity.keysInFlight()).as("b, c and x").isEqualTo(3);
		affinity.put(messages("x", "x", "a"), -1);
		assertThat(keysIn(0)).containsExactly("a", "x", "x", "x");
		assertThat(keysIn(1)).containsExactly("b", "a");
		assertThat(keysIn(2)).containsExactly("c");
	}

	@Test
	void whenProcessorsTieThenTheEmittingProcessorKeepsTheMessage() throws Exception {
		KeyAffinity affinity = byData();
		affinity.put(messages("a"), 2);
		assertThat(sizes()).containsExactly(0, 0, 1);
	}

	@Test
	void whenEverythingIsFinishedThenNoKeyIsLeft() throws Exception {
		KeyAffinity affinity = byData();
		affinity.put(messages("a", "b", "a", "c", "a", "d"), -1);
		for (int i = 0; i < this.buffers.length; i++) {
			affinity.finished(i, this.buffers[i].take(100, 0).size());
		}
		assertThat(affinity.keysInFlight()).isZero();
	}

	@Test
	void whenKeysAreByteArraysThenEqualContentIsOneKey() throws Exception {
		KeyAffinity affinity = new KeyAffinity((m) -> ((String) m.data()).getBytes(), this.buffers,
				this.acknowledgements);
		affinity.put(messages("a", "b", "c", "a"), -1);
		assertThat(keysIn(0)).containsExactly("a", "a");
		assertThat(affinity.keysInFlight()).isEqualTo(3);
	}

	@Test
	void whenTheKeyIsNullThenItIsAKeyLikeAnyOther() throws Exception {
		KeyAffinity affinity = new KeyAffinity((m) -> ((String) m.data()).startsWith("n") ? null : m.data(),
				this.buffers, this.acknowledgements);
		affinity.put(messages("n1", "b", "c", "n2"), -1);
		assertThat(keysIn(0)).containsExactly("n1", "n2");
	}

	@Test
	void whenTheKeyFunctionThrowsThenThatMessageFailsAndGoesNowhere() throws Exception {
		Function<Message<Object>, ?> key = (m) -> {
			if (m.data().equals("bad")) {
				throw new IllegalStateException("no key");
			}
			return m.data();
		};
		KeyAffinity affinity = new KeyAffinity(key, this.buffers, this.acknowledgements);
		affinity.put(messages("a", "bad", "b"), -1);
		affinity.put(messages("bad"), -1);
		assertThat(sizes()).containsExactly(1, 1, 0);
		assertThat(this.acks.failed()).isEqualTo(2);
		assertThat(this.acks.wasOk("bad")).isFalse();
		assertThat(affinity.keysInFlight()).isEqualTo(2);
	}

	@Test
	void whenAnEmitterWaitsForRoomThenNoOtherEmitterAssignsUntilItsMessagesAreIn() throws Exception {
		MessageBuffer full = new MessageBuffer(1);
		this.buffers[0] = full;
		KeyAffinity affinity = byData();
		affinity.put(messages("f"), -1);
		affinity.put(messages("h", "h", "h"), -1);
		affinity.put(messages("k", "k", "k"), -1);
		Thread first = emitInBackground(affinity, "f");
		await().until(() -> first.getState() == Thread.State.WAITING);
		Thread second = emitInBackground(affinity, "g");
		await().until(() -> second.getState() == Thread.State.WAITING);
		assertThat(affinity.keysInFlight()).as("g is not assigned while f waits for room").isEqualTo(3);

		assertThat(full.take(1, 0)).hasSize(1);
		affinity.finished(0, 1);
		first.join(10_000);
		await().until(() -> second.getState() == Thread.State.WAITING);
		assertThat(full.take(1, 0)).singleElement().extracting(Message::data).isEqualTo("f");
		affinity.finished(0, 1);
		second.join(10_000);
		assertThat(keysIn(0)).containsExactly("g");
		affinity.finished(0, 1);
		assertThat(affinity.keysInFlight()).as("h and k").isEqualTo(2);
	}

	private Thread emitInBackground(KeyAffinity affinity, String data) {
		Thread thread = new Thread(() -> {
			try {
				affinity.put(messages(data), -1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "emitter-" + data);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private List<Message<Object>> messages(String... data) {
		List<Message<Object>> messages = new ArrayList<>();
		for (String item : data) {
			messages.add(Message.of(item, this.acks, null));
		}
		return messages;
	}

	private List<Integer> sizes() {
		List<Integer> sizes = new ArrayList<>();
		for (MessageBuffer buffer : this.buffers) {
			sizes.add(buffer.size());
		}
		return sizes;
	}

	private List<Object> keysIn(int processor) throws InterruptedException {
		List<Object> keys = new ArrayList<>();
		List<Message<?>> taken = this.buffers[processor].take(100, 0);
		for (Message<?> message : taken) {
			keys.add(message.data());
		}
		return keys;
	}

}
