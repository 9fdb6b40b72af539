package dev.pipeline.bench;

import java.time.Duration;

import dev.pipeline.core.Pipeline;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workloads e and e0 on 1,000 messages (20 ms at 50 per tick): every message is
 * acknowledged once and its latency recorded. Latency is not asserted.
 */
class LatencyWorkloadTests {

	private static final long N = 1_000;

	@ParameterizedTest
	@EnumSource(LatencyWorkload.class)
	void whenTheEngineRunsAtTheFixedRateThenEveryLatencyIsRecorded(LatencyWorkload workload) throws Exception {
		LatencyRecorder recorder = new LatencyRecorder(N);
		Ticker ticker = new Ticker(N, LatencyWorkload.PER_MILLI);
		TickingSource source = new TickingSource(ticker, recorder);
		Pipeline<Long> pipeline = Pipeline.create(workload.spec(source));
		pipeline.start();
		recorder.finish().awaitFinish(30, workload.id(), () -> {
		});
		assertThat(pipeline.drain(Duration.ofSeconds(10)).completed()).isTrue();
		source.awaitTicker();
		recorder.finish().check(workload.id());
		assertThat(recorder.histogram().count()).isEqualTo(N);
		assertThat(ticker.ticks()).isGreaterThanOrEqualTo(1);
		assertThat(ticker.achievedRate()).isPositive();
	}

}
