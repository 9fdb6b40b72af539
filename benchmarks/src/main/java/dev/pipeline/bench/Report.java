package dev.pipeline.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Prints the summary tables, in Markdown, as docs/benchmarks.md shows them: per workload,
 * the engine's and the bare hand-off's median (min–max) over the measured runs, their
 * ratio, Broadway's figure and the ratio to it, with the load average and the CPU the
 * rest of the machine used during the runs.
 */
final class Report {

	private Report() {
	}

	static void throughput(PrintStream out, List<ThroughputBenchmark.Result> results) {
		if (results.isEmpty()) {
			return;
		}
		out.printf("%n## Throughput, msg/s: median (min–max) of the measured runs%n%n");
		out.println("| workload | ours | bare hand-off | ours / bare | bare, engine's bounds | ours / that "
				+ "| Broadway | ours / Broadway | load 1-min | other cores | JVM cores ours / bare "
				+ "| heap MiB ours: baseline → peak → end (live) |");
		out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
		for (ThroughputBenchmark.Result result : results) {
			Workload w = result.workload();
			List<RunFigures> engine = result.engine();
			List<RunFigures> bare = result.bare();
			Figures ours = Figures.of(engine, RunFigures::rate);
			Figures peer = Figures.of(bare, RunFigures::rate);
			Figures tight = Figures.of(result.bareEngineBounds(), RunFigures::rate);
			List<RunFigures> all = new ArrayList<>(engine);
			all.addAll(bare);
			all.addAll(result.bareEngineBounds());
			out.printf("| %s | %s | %s | %.2f | %s | %.2f | %,.0f | %.2f× | %s | %s | %.2f / %.2f | %s |%n", w.id(),
					ours.rates(), peer.rates(), ours.median() / peer.median(), tight.rates(),
					ours.median() / tight.median(), w.broadwayMedian, ours.median() / w.broadwayMedian,
					range(all, RunFigures::load1), range(all, RunFigures::otherCores),
					Figures.of(engine, RunFigures::jvmCores).median(), Figures.of(bare, RunFigures::jvmCores).median(),
					heap(engine));
		}
	}

	static void latency(PrintStream out, List<LatencyBenchmark.Result> results) {
		if (results.isEmpty()) {
			return;
		}
		out.printf("%n## Latency, µs: median of the measured runs (min–max for mean and p99)%n%n");
		StringBuilder header = new StringBuilder("| workload | mean");
		StringBuilder rule = new StringBuilder("|---|---");
		for (double p : LatencyWorkload.PERCENTILES) {
			header.append(" | p").append(percentileName(p));
			rule.append("|---");
		}
		out.println(header + " | max | rate msg/s | JVM cores | other cores | load 1-min | heap MiB ours |");
		out.println(rule + "|---|---|---|---|---|---|");
		for (LatencyBenchmark.Result result : results) {
			LatencyWorkload w = result.workload();
			row(out, w.id() + " ours", result.engine(), true);
			row(out, w.id() + " bare hand-off", result.bare(), false);
			StringBuilder broadway = new StringBuilder(String.format("| %s Broadway | %,.0f", w.id(), w.broadwayMean));
			for (long p : w.broadwayPercentiles) {
				broadway.append(String.format(" | %,d", p));
			}
			out.println(
					broadway + String.format(" | %,d | 50,000 | %.2f (BEAM) | | | |", w.broadwayMax, w.broadwayCores));
		}
	}

	private static void row(PrintStream out, String name, List<LatencyBenchmark.Run> runs, boolean withHeap) {
		StringBuilder text = new StringBuilder("| " + name + " | " + Figures.of(runs, (r) -> r.mean()).plain(0));
		for (int i = 0; i < LatencyWorkload.PERCENTILES.length; i++) {
			int index = i;
			Figures p = Figures.of(runs, (r) -> r.percentiles()[index]);
			text.append(" | ")
				.append((LatencyWorkload.PERCENTILES[i] == 99) ? p.plain(0) : String.format("%,.0f", p.median()));
		}
		text.append(String.format(" | %,.0f", Figures.of(runs, (r) -> r.max()).median()));
		text.append(String.format(" | %,.0f", Figures.of(runs, (r) -> r.rate()).median()));
		text.append(String.format(" | %.2f", Figures.of(runs, (r) -> r.figures().jvmCores()).median()));
		text.append(" | ").append(range(runs, (r) -> r.figures().otherCores()));
		text.append(" | ").append(range(runs, (r) -> r.figures().load1()));
		text.append(" | ").append(withHeap ? heap(runs.stream().map(LatencyBenchmark.Run::figures).toList()) : "");
		out.println(text + " |");
	}

	static String percentileName(double p) {
		return (p == Math.rint(p)) ? String.valueOf((long) p) : String.valueOf(p);
	}

	private static <R> String range(List<R> runs, ToDoubleFunction<R> figure) {
		Figures f = Figures.of(runs, figure);
		return String.format("%.2f–%.2f", f.min(), f.max());
	}

	private static String heap(List<RunFigures> runs) {
		return String.format("%.0f → %.0f → %.0f (%.1f)",
				Figures.of(runs, (r) -> RunFigures.mib(r.heapBaseline())).max(),
				Figures.of(runs, (r) -> RunFigures.mib(r.heapPeak())).max(),
				Figures.of(runs, (r) -> RunFigures.mib(r.heapEnd())).max(),
				Figures.of(runs, (r) -> RunFigures.mib(r.heapLive())).max());
	}

}
