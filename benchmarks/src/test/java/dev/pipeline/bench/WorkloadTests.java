package dev.pipeline.bench;

import java.time.Duration;

import dev.pipeline.bench.BareHandoff.Feeder;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each workload, engine and bare hand-off, on a few thousand messages: every message is
 * acknowledged exactly once, in chunks or batches of the workload's size. Speed is not
 * asserted.
 */
class WorkloadTests {

	private static final long N = 20_000;

	@Nested
	class Engine {

		@ParameterizedTest
		@EnumSource(Workload.class)
		void whenTheWorkloadRunsThenEveryMessageIsAcknowledgedOnceInCallsOfTheChunkOrBatchSize(Workload workload)
				throws Exception {
			FinishLine finish = new FinishLine(N, true);
			Pipeline<Long> pipeline = Pipeline.create(workload.spec(new CountingSource(N, finish)));
			pipeline.start();
			finish.awaitFinish(30, workload.id(), () -> {
			});
			assertThat(pipeline.drain(Duration.ofSeconds(10)).completed()).isTrue();
			finish.check(workload.id());
			assertThat(finish.calls()).isEqualTo(N / (workload.hasBatcher() ? Workload.BATCH_SIZE : workload.chunk()));
		}

	}

	@Nested
	class Bare {

		@ParameterizedTest
		@EnumSource(Workload.class)
		void whenTheWorkloadRunsWithCeilingBoundsThenEveryMessageIsAcknowledgedOnce(Workload workload)
				throws Exception {
			runBare(workload, BareHandoff.CEILING_BOUNDS);
		}

		@ParameterizedTest
		@EnumSource(Workload.class)
		void whenTheWorkloadRunsWithTheEnginesBoundsThenEveryMessageIsAcknowledgedOnce(Workload workload)
				throws Exception {
			runBare(workload, BareHandoff.ENGINE_BOUNDS);
		}

		private void runBare(Workload workload, int bounds) throws Exception {
			FinishLine finish = new FinishLine(N, true);
			BareHandoff handoff = new BareHandoff(workload.id(), BareHandoff.Shape.of(workload, bounds), finish);
			Feeder feeder = handoff.start();
			handoff.spawn("producer", () -> {
				for (long i = 0; i < N; i++) {
					feeder.add(Message.of(i, finish, null));
				}
				feeder.finish();
			});
			finish.awaitFinish(30, workload.id(), handoff::checkHealthy);
			handoff.join(10_000);
			finish.check(workload.id());
			assertThat(finish.calls()).isEqualTo(N / (workload.hasBatcher() ? Workload.BATCH_SIZE : workload.chunk()));
			assertThat(handoff.usage()).containsKeys("producer", "worker-0", "worker-1");
		}

	}

}
