package dev.pipeline.bench.broker;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StopwatchTests {

	@Test
	void whenCompilerThreadsComeAndGoThenOnlyTheTimeOfThoseAliveAtTheEndSinceTheFirstReadingCounts() {
		Map<String, Long> before = Map.of("101", 10L, "102", 5L);
		Map<String, Long> now = Map.of("101", 15L, "103", 7L);
		// 101 ran 5 more; 102 ended (left out, not its 5 before); 103 started and ran 7
		assertThat(Stopwatch.compilerCpuBetween(before, now)).isEqualTo(12);
	}

	@Test
	void whenReadInThisJvmThenEveryCompilerThreadHasATime() {
		assertThat(Stopwatch.compilerCpu()).isNotEmpty().allSatisfy((tid, nanos) -> assertThat(nanos).isNotNegative());
	}

}
