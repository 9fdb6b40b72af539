package dev.pipeline.core.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory source's metadata: the same key set for every message, none for data it
 * wraps, exactly what was given for messages pushed whole.
 */
class InMemorySourceTests {

	private static final Acknowledger NOTHING = (successful, failed) -> {
	};

	private final List<Message<String>> emitted = new ArrayList<>();

	private final Emitter<String> emitter = new Emitter<>() {

		@Override
		public void emit(Message<String> message) {
			InMemorySourceTests.this.emitted.add(message);
		}

		@Override
		public void emit(List<Message<String>> messages) {
			InMemorySourceTests.this.emitted.addAll(messages);
		}

	};

	@Test
	void whenDataIsPushedThenEveryMessageHasTheSameEmptyMetadata() {
		InMemorySource<String> source = new InMemorySource<>();
		source.start(this.emitter);
		source.pushData(NOTHING, List.of("a", "b", "c"));
		source.request(3);
		assertThat(this.emitted).hasSize(3).allSatisfy((message) -> assertThat(message.metadata()).isEqualTo(Map.of()));
	}

	@Test
	void whenMessagesArePushedThenEachKeepsTheMetadataItWasGiven() {
		InMemorySource<String> source = new InMemorySource<>();
		source.start(this.emitter);
		source.push(List.of(Message.of("a", Map.of("tenant", "acme", "region", "eu"), NOTHING, null),
				Message.of("b", Map.of("tenant", "umbrella", "region", "us"), NOTHING, null)));
		source.request(2);
		assertThat(this.emitted).extracting((message) -> message.metadata().keySet())
			.containsExactly(Set.of("tenant", "region"), Set.of("tenant", "region"));
		assertThat(this.emitted.get(1).metadata()).containsEntry("tenant", "umbrella");
	}

}
