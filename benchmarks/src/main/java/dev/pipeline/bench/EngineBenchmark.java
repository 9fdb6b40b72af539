package dev.pipeline.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every engine benchmark, each beside its bare hand-off twin, and prints the tables
 * of docs/benchmarks.md: throughput workloads a, b, c, d, d2
 * ({@link ThroughputBenchmark}) and latency workloads e, e0 ({@link LatencyBenchmark}),
 * exactly as docs/benchmarks.md describes them.
 *
 * <pre>
 *                       ┌──────────── engine (Pipeline, public API) ─────────────┐
 *  source ─ demand ─►   producer ─► processor ×2 ─► [batcher ─► batch worker ×1|2] ─► acknowledger
 *                       └──── bare hand-off (threads + ArrayBlockingQueue) ───────┘
 * </pre>
 *
 * <p>
 * Run (from the repository root); with no arguments it runs all seven workloads, which
 * takes about 10 minutes on 2 cores:
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -jar benchmarks/target/benchmarks.jar [a] [b] [c] [d] [d2] [e] [e0]
 * </pre>
 *
 * <p>
 * Options, as system properties: {@code -Dbench.n}, {@code -Dbench.warmups},
 * {@code -Dbench.runs}, {@code -Dbench.latency.n}, {@code -Dbench.latency.warmup.n},
 * {@code -Dbench.latency.runs}, {@code -Dbench.timeout}, {@code -Dbench.sides} (see
 * {@link Options}); {@code -Dbench.quiet} and {@code -Dbench.quiet.wait} (see
 * {@link Meter#awaitQuiet()}). Any run that fails its check ends the benchmark with an
 * exception and exit status 1.
 */
public final class EngineBenchmark {

	private EngineBenchmark() {
	}

	/**
	 * Runs the named workloads, or all of them.
	 * @param args workload names: a, b, c, d, d2, e, e0
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		List<String> names = (args.length > 0) ? List.of(args) : List.of("a", "b", "c", "d", "d2", "e", "e0");
		Options options = Options.fromSystemProperties();
		describeMachine(options);
		ThroughputBenchmark throughput = new ThroughputBenchmark(options, System.out);
		LatencyBenchmark latency = new LatencyBenchmark(options, System.out);
		List<ThroughputBenchmark.Result> throughputResults = new ArrayList<>();
		List<LatencyBenchmark.Result> latencyResults = new ArrayList<>();
		for (String name : names) {
			if (name.startsWith("e")) {
				latencyResults.add(latency.run(LatencyWorkload.of(name)));
			}
			else {
				throughputResults.add(throughput.run(Workload.of(name)));
			}
		}
		Report.throughput(System.out, throughputResults);
		Report.latency(System.out, latencyResults);
	}

	private static void describeMachine(Options options) {
		Runtime runtime = Runtime.getRuntime();
		List<String> collectors = new ArrayList<>();
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			collectors.add(gc.getName());
		}
		System.out.printf("Pipeline engine benchmarks%n");
		System.out.printf("  machine: %d CPUs, %s, load %.2f%n", runtime.availableProcessors(), cpuModel(),
				Meter.load1());
		System.out.printf("  java: %s %s (%s), heap max %d MiB, GC %s%n", System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
				runtime.maxMemory() >> 20, collectors);
		System.out.printf("  JVM arguments: %s%n", ManagementFactory.getRuntimeMXBean().getInputArguments());
		System.out.printf("  %s%n", options);
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not on Linux
		}
		return System.getProperty("os.arch");
	}

}
