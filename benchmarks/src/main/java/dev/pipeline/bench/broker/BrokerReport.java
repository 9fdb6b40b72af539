package dev.pipeline.bench.broker;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Prints the summary of a broker benchmark in Markdown, as docs/benchmarks-brokers.md
 * shows it: per side, the median (min–max) rate over the measured runs, the ratio of its
 * median to the bare client's, and the median CPU per message of the client JVM (in all,
 * and without its JIT compiler threads) and of the broker.
 */
public final class BrokerReport {

	private BrokerReport() {
	}

	/**
	 * Prints the table.
	 * @param out where to print
	 * @param title the table's title
	 * @param samples every measured run, in any order
	 * @param peer the side the ratios are to, usually the bare client
	 */
	public static void print(PrintStream out, String title, List<Sample> samples, String peer) {
		Map<String, List<Sample>> bySide = new LinkedHashMap<>();
		for (Sample sample : samples) {
			bySide.computeIfAbsent(sample.side(), (s) -> new ArrayList<>()).add(sample);
		}
		List<Sample> peerRuns = bySide.getOrDefault(peer, List.of());
		double peerRate = peerRuns.isEmpty() ? Double.NaN : median(peerRuns, Sample::rate);
		double peerFetch = peerRuns.isEmpty() ? Double.NaN : median(peerRuns, Sample::fetchRate);
		out.printf("%n## %s: msg/s, median (min–max) of the runs%n%n", title);
		double peerCpu = peerRuns.isEmpty() ? Double.NaN : median(peerRuns, Sample::clientMicros);
		double peerCompiled = peerRuns.isEmpty() ? Double.NaN : median(peerRuns, Sample::clientCompiledMicros);
		out.println("| side | runs | msg/s (start → N-th) | / " + peer + " | msg/s (1st → N-th delivery) | / " + peer
				+ " | client CPU µs/msg | / " + peer + " | without JIT compiling | / " + peer
				+ " | broker CPU µs/msg | client cores | load 1-min |");
		out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
		bySide.forEach((side, runs) -> out.printf(
				"| %s | %d | %s | %.2f | %s | %.2f | %s | %.2f | %s | %.2f | %s | %.2f | %s |%n", side, runs.size(),
				range(runs, Sample::rate, "%,.0f"), median(runs, Sample::rate) / peerRate,
				range(runs, Sample::fetchRate, "%,.0f"), median(runs, Sample::fetchRate) / peerFetch,
				range(runs, Sample::clientMicros, "%.2f"), median(runs, Sample::clientMicros) / peerCpu,
				range(runs, Sample::clientCompiledMicros, "%.2f"),
				median(runs, Sample::clientCompiledMicros) / peerCompiled, range(runs, Sample::brokerMicros, "%.2f"),
				median(runs, (s) -> s.clientCpuNanos() / (double) s.wallNanos()), range(runs, Sample::load1, "%.2f")));
	}

	/**
	 * How far apart two runs' broker CPU per message must be, as a ratio, to fall in
	 * different modes.
	 */
	private static final double MODE_GAP = 1.5;

	/**
	 * Prints the runs again split by the broker's mode, for a broker whose own CPU per
	 * message jumps between levels from round to round (RabbitMQ's drain here): the runs,
	 * ordered by the broker's CPU per message, start a new mode wherever one run's is
	 * more than {@value #MODE_GAP} times the one before, however many modes there are.
	 * Each side is then compared with the peer's runs of the same mode, so that a ratio
	 * is not decided by which side drew the costly rounds.
	 * @param out where to print
	 * @param samples every measured run
	 * @param peer the side the ratios are to
	 */
	public static void printByBrokerMode(PrintStream out, List<Sample> samples, String peer) {
		List<List<Sample>> modes = brokerModes(samples);
		if (modes.isEmpty()) {
			return;
		}
		out.printf("%nBy the broker's mode (runs ordered by the broker's CPU per message; a new mode where it is more"
				+ " than %.1f times the run before):%n%n", MODE_GAP);
		out.println("| broker mode | side | runs | msg/s | / " + peer + " | client CPU µs/msg | / " + peer
				+ " | broker CPU µs/msg |");
		out.println("|---|---|---|---|---|---|---|---|");
		for (List<Sample> mode : modes) {
			String name = String.format("%.1f–%.1f µs", mode.get(0).brokerMicros(),
					mode.get(mode.size() - 1).brokerMicros());
			Map<String, List<Sample>> bySide = new LinkedHashMap<>();
			for (Sample sample : samples) {
				if (mode.contains(sample)) {
					bySide.computeIfAbsent(sample.side(), (side) -> new ArrayList<>()).add(sample);
				}
			}
			List<Sample> peerRuns = bySide.getOrDefault(peer, List.of());
			double peerRate = median(peerRuns, Sample::rate);
			double peerCpu = median(peerRuns, Sample::clientMicros);
			bySide.forEach((side, runs) -> out.printf("| %s | %s | %d | %s | %s | %s | %s | %s |%n", name, side,
					runs.size(), range(runs, Sample::rate, "%,.0f"), ratio(median(runs, Sample::rate), peerRate),
					range(runs, Sample::clientMicros, "%.2f"), ratio(median(runs, Sample::clientMicros), peerCpu),
					range(runs, Sample::brokerMicros, "%.2f")));
		}
	}

	/**
	 * Splits the runs with a broker CPU figure into the broker's modes.
	 * @param samples the runs
	 * @return the modes, least broker CPU first, each its runs in order of broker CPU
	 */
	static List<List<Sample>> brokerModes(List<Sample> samples) {
		List<Sample> ordered = samples.stream()
			.filter((sample) -> !Double.isNaN(sample.brokerMicros()))
			.sorted(Comparator.comparingDouble(Sample::brokerMicros))
			.toList();
		List<List<Sample>> modes = new ArrayList<>();
		List<Sample> mode = null;
		for (Sample sample : ordered) {
			if (mode == null || sample.brokerMicros() > MODE_GAP * mode.get(mode.size() - 1).brokerMicros()) {
				mode = new ArrayList<>();
				modes.add(mode);
			}
			mode.add(sample);
		}
		return modes;
	}

	private static String ratio(double value, double peer) {
		return Double.isNaN(peer) ? "–" : String.format("%.2f", value / peer);
	}

	/**
	 * The median of a figure over runs.
	 * @param runs the runs
	 * @param figure the figure
	 * @param <R> the type of a run
	 * @return the median, the mean of the middle two for an even count
	 */
	public static <R> double median(List<R> runs, ToDoubleFunction<R> figure) {
		double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int mid = values.length / 2;
		return (values.length % 2 == 1) ? values[mid] : (values[mid - 1] + values[mid]) / 2;
	}

	/**
	 * Formats a figure's median, min and max.
	 * @param runs the runs
	 * @param figure the figure
	 * @param format the format of one value
	 * @param <R> the type of a run
	 * @return for example {@code 31,000 (29,000–33,000)}
	 */
	public static <R> String range(List<R> runs, ToDoubleFunction<R> figure, String format) {
		double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
		if (values.length == 0) {
			return "–";
		}
		return String.format(format + " (" + format + "–" + format + ")", median(runs, figure), values[0],
				Arrays.stream(values).max().orElse(Double.NaN));
	}

}
