package dev.pipeline.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pipeline.bench.BareHandoff.Feeder;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.StageStats;

/**
 * Workloads a, b, c, d and d2 of docs/benchmarks.md: N = 5,000,000 integers through a
 * fresh pipeline per run, timed from just before {@link Pipeline#start()} to the N-th
 * acknowledgement. In the same JVM, each engine run is paired with two runs of its
 * {@link BareHandoff} twin (same messages, topology and chunk sizes): one with 1024-entry
 * queues (the "bare hand-off" of the report) and one with the engine's own bounds. The
 * order of the three rotates from one round to the next.
 *
 * <pre>
 * a, b   CountingSource ─► processor ×2 (max-demand 10 | 100; chunks of 5 | 50) ─► ack per chunk
 * c      CountingSource ─► processor ×2 (10) ─► batcher "default" (100, 1000 ms) ─► batch worker ×1 ─► ack per batch
 * d      CountingSource ─► processor ×2 (10, partitioned by data % 2) ─► batcher ─► batch worker ×2 ─► ack per batch
 * d2     as d, and the batcher partitioned by data % 2 (batch worker p gets partition p only)
 * </pre>
 *
 * <p>
 * Each run checks its own result: exactly N acknowledged, none failed, none past N, a
 * clean drain and matching pipeline stats; the first warm-up run of each side checks
 * every message was acknowledged exactly once. Any miss throws and ends the benchmark.
 *
 * <p>
 * Run (from the repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.ThroughputBenchmark a b c d d2
 * </pre>
 */
public final class ThroughputBenchmark {

	private final Options options;

	private final PrintStream out;

	ThroughputBenchmark(Options options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Runs the named workloads, or all of them.
	 * @param args a, b, c, d, d2
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		List<String> names = (args.length > 0) ? List.of(args) : List.of("a", "b", "c", "d", "d2");
		ThroughputBenchmark benchmark = new ThroughputBenchmark(Options.fromSystemProperties(), System.out);
		List<Result> results = new ArrayList<>();
		for (String name : names) {
			results.add(benchmark.run(Workload.of(name)));
		}
		Report.throughput(System.out, results);
	}

	/**
	 * Runs one workload: warm-ups, then the measured runs, engine and bare hand-off
	 * alternately.
	 * @param workload the workload
	 * @return the measured runs of both sides
	 * @throws Exception when a run fails its check
	 */
	Result run(Workload workload) throws Exception {
		long n = this.options.messages();
		this.out.printf("%n== %s: %s, N = %,d, chunk %d ==%n", workload.id(), describe(workload), n, workload.chunk());
		long[] calls = new long[Side.values().length];
		List<Side> sides = new ArrayList<>();
		for (Side side : Side.values()) {
			if (this.options.runs(side.id)) {
				sides.add(side);
			}
		}
		for (int i = 0; i < this.options.warmups(); i++) {
			for (Side side : sides) {
				Run run = report("warm-up " + side.label, run(side, workload, n, i == 0));
				calls[side.ordinal()] = Math.max(calls[side.ordinal()], run.calls);
			}
		}
		List<List<RunFigures>> measured = new ArrayList<>();
		for (int s = 0; s < Side.values().length; s++) {
			measured.add(new ArrayList<>());
		}
		for (int i = 0; i < this.options.runs(); i++) {
			for (int s = 0; s < sides.size(); s++) {
				Side side = sides.get((i + s) % sides.size());
				measured.get(side.ordinal()).add(report(side.label, run(side, workload, n, false)).figures);
			}
		}
		this.out.printf("   acknowledgement calls in the checked warm-up: engine %,d, bare %,d, %,d (%,d messages)%n",
				calls[0], calls[1], calls[2], n);
		return new Result(workload, measured.get(Side.ENGINE.ordinal()), measured.get(Side.BARE.ordinal()),
				measured.get(Side.BARE_ENGINE_BOUNDS.ordinal()));
	}

	private Run run(Side side, Workload workload, long n, boolean checkEach) throws Exception {
		return switch (side) {
			case ENGINE -> engine(workload, n, checkEach);
			case BARE -> bare(workload, n, checkEach, BareHandoff.CEILING_BOUNDS);
			case BARE_ENGINE_BOUNDS -> bare(workload, n, checkEach, BareHandoff.ENGINE_BOUNDS);
		};
	}

	private Run report(String what, Run run) {
		RunFigures f = run.figures;
		this.out.printf("   %s %,12.0f msg/s  %6.3f s  heap %s  %s%n      threads: %s%n      host after the run: %s%n",
				what, f.rate(), f.nanos() / 1e9, f.heap(), f.cpu(), run.threads, HostCheck.measure());
		return run;
	}

	private Run engine(Workload workload, long n, boolean checkEach) throws Exception {
		String what = "engine " + workload.id();
		FinishLine finish = new FinishLine(n, checkEach);
		CountingSource source = new CountingSource(n, finish);
		Pipeline<Long> pipeline = Pipeline.create(workload.spec(source));
		Meter meter = Meter.begin();
		long start = System.nanoTime();
		pipeline.start();
		long end = finish.awaitFinish(this.options.timeoutSeconds(), what, () -> {
		});
		String prefix = "pipeline-" + workload.id() + "-";
		Map<String, ThreadCpu.Usage> usage = ThreadCpu.live(prefix);
		String switches = ThreadCpu.switches(prefix, usage.keySet());
		String threads = ThreadCpu.describe(usage, end - start)
				+ (switches.isEmpty() ? "" : "\n      context switches, voluntary / involuntary: " + switches);
		RunFigures figures = meter.end(end - start, n);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		finish.check(what);
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || drained.released() != 0 || stats.fetched() != n || stats.succeeded() != n
				|| stats.failed() != 0 || stats.released() != 0 || source.emitted() != n) {
			throw new IllegalStateException(what + ": unclean end: " + drained + ", " + stats);
		}
		return new Run(figures, threads + "\n      stages: " + describe(stats), finish.calls());
	}

	/**
	 * Describes how the stages chunked the work: calls and messages per call.
	 * @param stats the pipeline's stats after the drain
	 * @return for example {@code PROCESSOR 1,000,000 calls of 5.0}
	 */
	static String describe(PipelineStats stats) {
		StringBuilder text = new StringBuilder();
		for (StageStats stage : stats.stages()) {
			if (stage.kind() != StageStats.Kind.PRODUCER && stage.handlerCalls() > 0) {
				text.append((text.length() > 0) ? ", " : "")
					.append(String.format("%s %,d calls of %.1f", stage.kind().name().toLowerCase(Locale.ROOT),
							stage.handlerCalls(), (double) stage.in() / stage.handlerCalls()));
			}
		}
		return text.toString();
	}

	private Run bare(Workload workload, long n, boolean checkEach, int bounds) throws Exception {
		String what = "bare hand-off " + workload.id()
				+ ((bounds == BareHandoff.ENGINE_BOUNDS) ? " (engine's bounds)" : "");
		FinishLine finish = new FinishLine(n, checkEach);
		BareHandoff handoff = new BareHandoff(workload.id(), BareHandoff.Shape.of(workload, bounds), finish);
		Meter meter = Meter.begin();
		long start = System.nanoTime();
		Feeder feeder = handoff.start();
		handoff.spawn("producer", () -> {
			for (long i = 0; i < n; i++) {
				feeder.add(Message.of(Long.valueOf(i), finish, null));
			}
			feeder.finish();
		});
		long end = finish.awaitFinish(this.options.timeoutSeconds(), what, handoff::checkHealthy);
		RunFigures figures = meter.end(end - start, n);
		handoff.join(30_000);
		finish.check(what);
		return new Run(figures, ThreadCpu.describe(handoff.usage(), end - start), finish.calls());
	}

	private static String describe(Workload workload) {
		StringBuilder text = new StringBuilder("1 producer → 2 processors (max-demand " + workload.maxDemand);
		text.append(workload.partitionProcessors ? ", partitioned)" : ")");
		if (workload.hasBatcher()) {
			text.append(" → batcher (100, 1000 ms")
				.append(workload.partitionBatcher ? ", partitioned)" : ")")
				.append(" → ")
				.append(workload.batchWorkers)
				.append(" batch worker(s)");
		}
		else {
			text.append(", no batcher");
		}
		return text.toString();
	}

	/**
	 * The measured runs of one workload.
	 *
	 * @param workload the workload
	 * @param engine the engine's runs
	 * @param bare the bare hand-off's runs, with 1024-entry queues
	 * @param bareEngineBounds the bare hand-off's runs with the engine's queue bounds
	 */
	record Result(Workload workload, List<RunFigures> engine, List<RunFigures> bare,
			List<RunFigures> bareEngineBounds) {
	}

	/** What a run measures. */
	private enum Side {

		ENGINE("engine", "engine              "), BARE("bare", "bare                "),
		BARE_ENGINE_BOUNDS("bare-engine-bounds", "bare, engine bounds ");

		final String id;

		final String label;

		Side(String id, String label) {
			this.id = id;
			this.label = label;
		}

	}

	private record Run(RunFigures figures, String threads, long calls) {
	}

}
