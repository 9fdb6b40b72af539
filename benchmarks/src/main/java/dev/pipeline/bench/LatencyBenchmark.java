package dev.pipeline.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.bench.BareHandoff.Feeder;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;

/**
 * Workloads e and e0 of docs/benchmarks.md: 1,000,000 messages at a fixed 50,000 msg/s
 * (50 per absolute 1 ms tick, late ticks catch up), each time-stamped on its tick;
 * latency is the monotonic time on entry to the acknowledger minus that timestamp,
 * recorded in 1 µs buckets up to 100 ms. Each engine run is paired with a run of the
 * {@link BareHandoff} twin fed by the same clock.
 *
 * <pre>
 * e    Ticker ─► TickingSource ─► processor ×2 (max-demand 10) ─► batcher "default" (100, 10 ms) ─► batch worker ×1 ─► ack
 * e0   Ticker ─► TickingSource ─► processor ×2 (max-demand 10) ─► ack per chunk
 * bare Ticker thread ─► chunks of 5 ─► ABQ ─► worker ×2 ─► [ABQ ─► batcher thread ─► ABQ ─► batch thread] ─► ack
 * </pre>
 *
 * <p>
 * Each run checks that exactly N messages were acknowledged (and, for the engine, a clean
 * drain and matching stats) and that the histogram holds N latencies.
 *
 * <p>
 * Run (from the repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.LatencyBenchmark e e0
 * </pre>
 */
public final class LatencyBenchmark {

	private final Options options;

	private final PrintStream out;

	LatencyBenchmark(Options options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Runs the named workloads, or both.
	 * @param args e, e0
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		List<String> names = (args.length > 0) ? List.of(args) : List.of("e", "e0");
		LatencyBenchmark benchmark = new LatencyBenchmark(Options.fromSystemProperties(), System.out);
		List<Result> results = new ArrayList<>();
		for (String name : names) {
			results.add(benchmark.run(LatencyWorkload.of(name)));
		}
		Report.latency(System.out, results);
	}

	/**
	 * Runs one workload: a shorter warm-up run per side, then the measured runs, engine
	 * and bare hand-off alternately.
	 * @param workload the workload
	 * @return the measured runs
	 * @throws Exception when a run fails its check
	 */
	Result run(LatencyWorkload workload) throws Exception {
		this.out.printf("%n== %s: 50,000 msg/s, 2 processors (max-demand 10)%s, N = %,d ==%n", workload.id(),
				workload.batcher ? " → batcher (100, 10 ms) → 1 batch worker" : ", no batcher",
				this.options.latencyMessages());
		boolean withEngine = this.options.runs("engine");
		boolean withBare = this.options.runs("bare");
		long warmup = this.options.latencyWarmupMessages();
		if (warmup > 0 && withEngine) {
			report("warm-up engine", engine(workload, warmup));
		}
		if (warmup > 0 && withBare) {
			report("warm-up bare  ", bare(workload, warmup));
		}
		List<Run> engine = new ArrayList<>();
		List<Run> bare = new ArrayList<>();
		long n = this.options.latencyMessages();
		for (int i = 0; i < this.options.latencyRuns(); i++) {
			if (withEngine && i % 2 == 0) {
				engine.add(report("engine", engine(workload, n)));
			}
			if (withBare) {
				bare.add(report("bare  ", bare(workload, n)));
			}
			if (withEngine && i % 2 == 1) {
				engine.add(report("engine", engine(workload, n)));
			}
		}
		return new Result(workload, engine, bare);
	}

	private Run report(String what, Run run) {
		StringBuilder percentiles = new StringBuilder();
		for (int i = 0; i < LatencyWorkload.PERCENTILES.length; i++) {
			percentiles.append(String.format(" p%s %,d", Report.percentileName(LatencyWorkload.PERCENTILES[i]),
					run.percentiles[i]));
		}
		this.out.printf(
				"   %s mean %,.0f%s max %,d µs; %,.0f msg/s, %,d ticks, max pending %,d%n"
						+ "      heap %s  %s%n      threads: %s%n      host after the run: %s%n",
				what, run.mean, percentiles, run.max, run.rate, run.ticks, run.maxPending, run.figures.heap(),
				run.figures.cpu(), run.threads, HostCheck.measure());
		return run;
	}

	private Run engine(LatencyWorkload workload, long n) throws Exception {
		String what = "engine " + workload.id();
		LatencyRecorder recorder = new LatencyRecorder(n);
		Ticker ticker = new Ticker(n, LatencyWorkload.PER_MILLI);
		TickingSource source = new TickingSource(ticker, recorder);
		Pipeline<Long> pipeline = Pipeline.create(workload.spec(source));
		Meter meter = Meter.begin();
		long start = System.nanoTime();
		pipeline.start();
		long end = recorder.finish().awaitFinish(this.options.timeoutSeconds(), what, () -> {
		});
		String threads = ThreadCpu.describe(ThreadCpu.live("pipeline-" + workload.id() + "-"), end - start);
		RunFigures figures = meter.end(end - start, n);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		source.awaitTicker();
		recorder.finish().check(what);
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || stats.succeeded() != n || stats.failed() != 0 || stats.released() != 0) {
			throw new IllegalStateException(what + ": unclean end: " + drained + ", " + stats);
		}
		return Run.of(what, recorder.histogram(), n, figures, ticker, source.maxPending(), threads);
	}

	private Run bare(LatencyWorkload workload, long n) throws Exception {
		String what = "bare hand-off " + workload.id();
		LatencyRecorder recorder = new LatencyRecorder(n);
		Ticker ticker = new Ticker(n, LatencyWorkload.PER_MILLI);
		BareHandoff handoff = new BareHandoff(workload.id(), workload.shape(), recorder);
		Meter meter = Meter.begin();
		long start = System.nanoTime();
		Feeder feeder = handoff.start();
		handoff.spawn("producer", () -> {
			ticker.run((nanos, count) -> {
				Long stamp = nanos;
				for (int i = 0; i < count; i++) {
					feeder.add(Message.of(stamp, recorder, null));
				}
				feeder.flush();
			});
			feeder.finish();
		});
		long end = recorder.finish().awaitFinish(this.options.timeoutSeconds(), what, handoff::checkHealthy);
		RunFigures figures = meter.end(end - start, n);
		handoff.join(30_000);
		recorder.finish().check(what);
		return Run.of(what, recorder.histogram(), n, figures, ticker, 0,
				ThreadCpu.describe(handoff.usage(), end - start));
	}

	/**
	 * The measured runs of one workload.
	 *
	 * @param workload the workload
	 * @param engine the engine's runs
	 * @param bare the bare hand-off's runs
	 */
	record Result(LatencyWorkload workload, List<Run> engine, List<Run> bare) {
	}

	/**
	 * One latency run.
	 *
	 * @param figures wall time, heap and CPU
	 * @param mean mean latency in µs
	 * @param percentiles {@link LatencyWorkload#PERCENTILES} in µs
	 * @param max max latency in µs
	 * @param rate achieved rate in msg/s
	 * @param ticks ticks that ran
	 * @param maxPending most messages that waited for demand in the source at once
	 * @param threads CPU use of the run's threads
	 */
	record Run(RunFigures figures, double mean, long[] percentiles, long max, double rate, long ticks, int maxPending,
			String threads) {

		static Run of(String what, LatencyHistogram histogram, long n, RunFigures figures, Ticker ticker,
				int maxPending, String threads) {
			if (histogram.count() != n) {
				throw new IllegalStateException(what + ": recorded " + histogram.count() + " latencies, not " + n);
			}
			long[] percentiles = new long[LatencyWorkload.PERCENTILES.length];
			for (int i = 0; i < percentiles.length; i++) {
				percentiles[i] = histogram.percentileMicros(LatencyWorkload.PERCENTILES[i]);
			}
			return new Run(figures, histogram.meanMicros(), percentiles, histogram.maxMicros(), ticker.achievedRate(),
					ticker.ticks(), maxPending, threads);
		}

	}

}
