package dev.pipeline.bench;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountingSourceTests {

	@Test
	void whenAskedThenItEmitsAtMostTheDemandOfConsecutiveValuesUpToTheLimit() {
		FinishLine finish = new FinishLine(12, false);
		CountingSource source = new CountingSource(12, finish);
		List<List<Long>> emitted = new ArrayList<>();
		source.start(new Recording(emitted));
		source.request(5);
		source.request(5);
		source.request(5);
		source.request(5);
		assertThat(emitted).containsExactly(List.of(0L, 1L, 2L, 3L, 4L), List.of(5L, 6L, 7L, 8L, 9L),
				List.of(10L, 11L));
		assertThat(source.emitted()).isEqualTo(12);
	}

	@Test
	void whenItEmitsThenEveryMessageCarriesTheSharedAcknowledger() {
		FinishLine finish = new FinishLine(3, false);
		CountingSource source = new CountingSource(3, finish);
		List<Message<Long>> messages = new ArrayList<>();
		source.start(new Emitter<>() {

			@Override
			public void emit(Message<Long> message) {
				messages.add(message);
			}

			@Override
			public void emit(List<Message<Long>> chunk) {
				messages.addAll(chunk);
			}

		});
		source.request(10);
		assertThat(messages).hasSize(3).allSatisfy((m) -> assertThat(m.acknowledger()).isSameAs(finish));
	}

	private record Recording(List<List<Long>> emitted) implements Emitter<Long> {

		@Override
		public void emit(Message<Long> message) {
			this.emitted.add(List.of(message.data()));
		}

		@Override
		public void emit(List<Message<Long>> messages) {
			this.emitted.add(messages.stream().map(Message::data).toList());
		}

	}

}
