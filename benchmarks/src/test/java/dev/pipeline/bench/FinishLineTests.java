package dev.pipeline.bench;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FinishLineTests {

	@Test
	void whenTheCounterReachesExactlyTheExpectedTotalThenTheFinishIsTimestamped() throws Exception {
		FinishLine finish = new FinishLine(4, true);
		long before = System.nanoTime();
		finish.acknowledge(messages(finish, 0, 2), List.of());
		finish.acknowledge(messages(finish, 2, 4), List.of());
		long at = finish.awaitFinish(1, "test", () -> {
		});
		assertThat(at).isGreaterThanOrEqualTo(before);
		assertThat(finish.calls()).isEqualTo(2);
		finish.check("test");
	}

	@Test
	void whenAMessageIsAcknowledgedTwiceThenTheCheckFails() {
		FinishLine finish = new FinishLine(3, true);
		finish.acknowledge(messages(finish, 0, 2), List.of());
		finish.acknowledge(messages(finish, 1, 2), List.of());
		assertThatIllegalStateException().isThrownBy(() -> finish.check("twice"))
			.withMessage("twice: message 1 was acknowledged 2 times, not once.");
	}

	@Test
	void whenMoreThanExpectedAreAcknowledgedThenTheCheckFails() {
		FinishLine finish = new FinishLine(2, false);
		finish.acknowledge(messages(finish, 0, 2), List.of());
		finish.acknowledge(messages(finish, 0, 1), List.of());
		assertThatIllegalStateException().isThrownBy(() -> finish.check("over"))
			.withMessage("over: acknowledged 3 messages (expected exactly 2), 0 as failed, "
					+ "1 acknowledgement calls past the expected total.");
	}

	@Test
	void whenTheRunNeverFinishesThenWaitingFailsLoudly() {
		FinishLine finish = new FinishLine(2, false);
		finish.acknowledge(messages(finish, 0, 1), List.of());
		assertThatIllegalStateException().isThrownBy(() -> finish.awaitFinish(0, "stuck", () -> {
		})).withMessage("stuck: only 1 of 2 messages were acknowledged within 0 s.");
	}

	static List<Message<?>> messages(Acknowledger acknowledger, long from, long to) {
		List<Message<?>> messages = new ArrayList<>();
		for (long i = from; i < to; i++) {
			messages.add(Message.of(i, acknowledger, null));
		}
		return messages;
	}

}
