package dev.pipeline.core.engine;

import java.util.List;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.testing.AckResult;
import dev.pipeline.core.testing.PipelineTester;
import dev.pipeline.core.support.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A preparer sees each chunk before its messages are handled one by one. */
@ExtendWith(Invariants.class)
class PreparerTests {

	private final InMemorySource<String> source = new InMemorySource<>();

	private final PipelineTester<String> tester = PipelineTester.of(this.source);

	@Test
	void whenAPreparerChangesTheChunkThenTheHandlerSeesThePreparedMessages() {
		Pipeline<String> pipeline = Invariants.create(Pipeline.<String>builder("prepared")
			.source(this.source)
			.processors((p) -> p.concurrency(1).maxDemand(100))
			.prepareMessages((chunk) -> chunk.stream().map((m) -> m.withData(m.data() + "@" + chunk.size())).toList())
			.onMessage((m) -> m.withData(m.data().toUpperCase()))
			.build());
		pipeline.start();
		AckResult<String> result = this.tester.sendBatch(List.of("a", "b", "c")).await();
		pipeline.drain();
		assertThat(result.succeededData()).allSatisfy((data) -> assertThat(data).matches("[ABC]@[123]"));
	}

	@Test
	void whenAPreparerDropsAMessageThenTheWholeChunkFailsWithAReason() {
		Pipeline<String> pipeline = Invariants.create(Pipeline.<String>builder("dropping")
			.source(this.source)
			.processors((p) -> p.concurrency(1).maxDemand(2).minDemand(1))
			.prepareMessages((chunk) -> List.of())
			.onMessage((m) -> m)
			.build());
		pipeline.start();
		AckResult<String> result = this.tester.send("x").await();
		pipeline.drain();
		assertThat(result.failureReasons()).containsExactly(
				"The message preparer returned 0 messages for a chunk of 1; it must return each message it was given.");
	}

}
