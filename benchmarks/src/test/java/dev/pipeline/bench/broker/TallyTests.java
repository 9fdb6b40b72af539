package dev.pipeline.bench.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TallyTests {

	@Test
	void whenEverySequenceArrivesOnceThenTheCheckPasses() throws InterruptedException {
		Tally tally = new Tally(3);
		tally.record(2);
		tally.record(0);
		tally.record(1);
		assertThat(tally.awaitAll(1, "test")).isPositive();
		tally.check("test");
		assertThat(tally.seen()).isEqualTo(3);
	}

	@Test
	void whenOneIsDuplicatedAndOneMissingThenTheCheckNamesBoth() {
		Tally tally = new Tally(3);
		tally.record(0);
		tally.record(0);
		tally.record(2);
		assertThatIllegalStateException().isThrownBy(() -> tally.check("dup"))
			.withMessageContaining("1 missing")
			.withMessageContaining("1 duplicated")
			.withMessageContaining("first bad sequence 0");
	}

	@Test
	void whenASequenceIsOutOfRangeThenTheCheckFails() {
		Tally tally = new Tally(1);
		tally.record(5);
		assertThatIllegalStateException().isThrownBy(() -> tally.check("range"))
			.withMessageContaining("1 out of range");
	}

	@Test
	void whenTooFewArriveThenAwaitTimesOut() {
		Tally tally = new Tally(2);
		tally.record(0);
		assertThatIllegalStateException().isThrownBy(() -> tally.awaitAll(0, "slow"))
			.withMessageContaining("only 1 of 2");
	}

}
