package dev.pipeline.bench.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.bench.CountingSource;
import dev.pipeline.bench.broker.BrokerReport;
import dev.pipeline.bench.broker.Cpu;
import dev.pipeline.boot.metrics.PipelineMetrics;
import dev.pipeline.boot.metrics.PipelineObservations;
import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.BatchHandler;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * What metrics and observations cost. Workload c of docs/benchmarks.md (1 producer
 * counting to N, 2 processors with max-demand 10, batcher "default" of 100 with 1 batch
 * worker, handlers returning what they are given) run four ways in the same JVM, the
 * order rotating from one round to the next:
 *
 * <pre>
 * none        no listener
 * metrics     PipelineMetrics on a SimpleMeterRegistry as the pipeline's listener
 * obs-noop    metrics, and PipelineObservations decorating both handlers, on an ObservationRegistry without handlers
 * obs-handler as obs-noop, with one ObservationHandler that counts started and stopped observations
 * </pre>
 *
 * <p>
 * Each run checks its own result: N acknowledged as successful, none failed, a clean
 * drain and pipeline stats of N succeeded; with observations, the handler saw one
 * observation per message plus one per batch. Any miss throws.
 *
 * <p>
 * Run (from the repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.ops.ObservabilityBenchmark
 * </pre>
 *
 * System properties: {@code messages} (2000000), {@code rounds} (5), {@code warmups} (1).
 */
public final class ObservabilityBenchmark {

	private static final List<String> VARIANTS = List.of("none", "metrics", "obs-noop", "obs-handler");

	private ObservabilityBenchmark() {
	}

	/**
	 * Runs the benchmark and prints the table.
	 * @param args the variants to run, or all
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.getInteger("messages", 2_000_000);
		int rounds = Integer.getInteger("rounds", 5);
		int warmups = Integer.getInteger("warmups", 1);
		List<String> variants = (args.length > 0) ? List.of(args) : VARIANTS;
		System.out.printf("Workload c, N = %,d, %d rounds, %d cores%n", n, rounds,
				Runtime.getRuntime().availableProcessors());
		Map<String, List<Run>> runs = new LinkedHashMap<>();
		for (int r = -warmups; r < rounds; r++) {
			for (int i = 0; i < variants.size(); i++) {
				String variant = variants.get(Math.floorMod(r + i, variants.size()));
				Run run = run(variant, n);
				System.out.printf("   %s%-12s %,12.0f msg/s  %.3f s  %.2f cores  load %.2f%n",
						(r < 0) ? "warm-up " : "", variant, run.rate(), run.nanos() / 1e9, run.cores(), run.load1());
				if (r >= 0) {
					runs.computeIfAbsent(variant, (v) -> new ArrayList<>()).add(run);
				}
			}
		}
		double base = BrokerReport.median(runs.getOrDefault("none", List.of()), Run::rate);
		System.out.printf("%n## Metrics and observations, workload c, N = %,d: msg/s, median (min–max)%n%n", n);
		System.out.println("| variant | runs | msg/s | / none | JVM CPU µs/msg | JVM cores | load 1-min |");
		System.out.println("|---|---|---|---|---|---|---|");
		runs.forEach((variant, list) -> System.out.printf("| %s | %d | %s | %.2f | %s | %.2f | %s |%n", variant,
				list.size(), BrokerReport.range(list, Run::rate, "%,.0f"), BrokerReport.median(list, Run::rate) / base,
				BrokerReport.range(list, (x) -> x.cpuNanos() / 1e3 / n, "%.3f"), BrokerReport.median(list, Run::cores),
				BrokerReport.range(list, Run::load1, "%.2f")));
	}

	static Run run(String variant, int n) throws Exception {
		Finish finish = new Finish(n);
		AtomicLong observations = new AtomicLong();
		PipelineObservations decorator = switch (variant) {
			case "none", "metrics" -> null;
			case "obs-noop" -> new PipelineObservations(ObservationRegistry.create());
			case "obs-handler" -> new PipelineObservations(counting(observations));
			default -> throw new IllegalArgumentException(
					"Unknown variant '" + variant + "': use none, metrics, obs-noop or obs-handler.");
		};
		MessageHandler<Long> onMessage = (m) -> m;
		BatchHandler<Long> onBatch = (batch, info) -> batch;
		if (decorator != null) {
			onMessage = decorator.decorate("c", onMessage);
			onBatch = decorator.decorate("c", Message.DEFAULT_BATCHER, onBatch);
		}
		BatchHandler<Long> batchHandler = onBatch;
		PipelineSpec.Builder<Long> builder = Pipeline.<Long>builder("c")
			.source(new CountingSource(n, finish))
			.processors((p) -> p.concurrency(2).maxDemand(10))
			.onMessage(onMessage)
			.batcher(Message.DEFAULT_BATCHER,
					(b) -> b.batchSize(100).batchTimeout(Duration.ofSeconds(1)).concurrency(1).handler(batchHandler));
		if (!variant.equals("none")) {
			builder.listener(new PipelineMetrics(new SimpleMeterRegistry()));
		}
		Pipeline<Long> pipeline = Pipeline.create(builder.build());
		long cpu = Cpu.self();
		long start = System.nanoTime();
		pipeline.start();
		if (!finish.latch.await(120, TimeUnit.SECONDS)) {
			throw new IllegalStateException(variant + ": only " + finish.acked.get() + " of " + n + " acknowledged");
		}
		long end = System.nanoTime();
		long used = Cpu.self() - cpu;
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || stats.succeeded() != n || stats.failed() != 0 || finish.failed.get() != 0
				|| finish.acked.get() != n) {
			throw new IllegalStateException(variant + ": unclean end: " + drained + ", " + stats + ", acknowledged "
					+ finish.acked.get() + ", failed " + finish.failed.get());
		}
		if (variant.equals("obs-handler") && observations.get() != 2L * (n + n / 100)) {
			throw new IllegalStateException(
					variant + ": " + observations.get() + " observation starts and stops, not " + 2L * (n + n / 100));
		}
		return new Run(end - start, used, n, Cpu.load1());
	}

	private static ObservationRegistry counting(AtomicLong events) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStart(Observation.Context context) {
				events.incrementAndGet();
			}

			@Override
			public void onStop(Observation.Context context) {
				events.incrementAndGet();
			}

		});
		return registry;
	}

	/**
	 * One run's figures.
	 *
	 * @param nanos wall time from start to the N-th acknowledgement
	 * @param cpuNanos this JVM's CPU time over it
	 * @param messages N
	 * @param load1 the 1-minute load average at the end
	 */
	record Run(long nanos, long cpuNanos, long messages, double load1) {

		double rate() {
			return this.messages * 1e9 / this.nanos;
		}

		double cores() {
			return (double) this.cpuNanos / this.nanos;
		}

	}

	/** Counts acknowledgements up to N. */
	static final class Finish implements Acknowledger {

		final AtomicLong acked = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final CountDownLatch latch = new CountDownLatch(1);

		private final long n;

		Finish(long n) {
			this.n = n;
		}

		@Override
		public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
			this.failed.addAndGet(failed.size());
			if (this.acked.addAndGet(successful.size()) == this.n) {
				this.latch.countDown();
			}
		}

	}

}
