package dev.pipeline.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.boot.metrics.PipelineMetrics;
import dev.pipeline.boot.metrics.PipelineObservations;
import dev.pipeline.boot.source.PipelineMessaging;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.ThreadMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * Workloads c and d of docs/benchmarks.md run in two configurations of the engine in the
 * same JVM, alternating: metrics or observations on or off, platform or virtual threads.
 * The first configuration named is "ours", the second the peer; the report gives both
 * figures and their ratio.
 *
 * <pre>
 * plain        platform threads, no observation
 * metrics      platform threads, the starter's PipelineMetrics on a SimpleMeterRegistry as the
 *              pipeline's listener (per-message handler timer included)
 * obs          platform threads, PipelineObservations on both handlers, an ObservationRegistry
 *              with Micrometer's DefaultMeterObservationHandler on a SimpleMeterRegistry
 *              (what Spring Boot registers when metrics are on)
 * virtual      virtual threads (Java 21 or later), no observation
 * virtual-obs  virtual threads, observations as in obs
 *
 * c   CountingSource ─► processor ×2 (10) ─► batcher "default" (100, 1000 ms) ─► batch worker ×1
 * d   CountingSource ─► processor ×2 (10, partitioned by data % 2) ─► batcher ─► batch worker ×2
 * </pre>
 *
 * <p>
 * Each run checks its own result: exactly N acknowledged, none failed, a clean drain and
 * matching pipeline stats; with observations, the timer of message observations counted
 * N. Any miss throws and ends the benchmark.
 *
 * <p>
 * Run (from the repository root; virtual threads need a Java 21 or later {@code java}):
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -Dbench.sides=obs,plain -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.ConfigurationBenchmark c d
 * java -Xms1g -Xmx1g -Dbench.sides=virtual,plain -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.ConfigurationBenchmark c d
 * </pre>
 *
 * System properties: {@code bench.sides} (ours,peer; {@code obs,plain}), {@code bench.n},
 * {@code bench.runs}, {@code bench.warmups}, {@code bench.timeout},
 * {@code bench.quiet.wait} (see {@link Options} and {@link Meter}).
 */
public final class ConfigurationBenchmark {

	private final Options options;

	private final PrintStream out;

	private ConfigurationBenchmark(Options options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Runs the named workloads, or c and d, and prints the table.
	 * @param args c, d (or a, b, d2)
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		List<String> names = (args.length > 0) ? List.of(args) : List.of("c", "d");
		Options options = Options.fromSystemProperties();
		List<String> sides = (System.getProperty("bench.sides") != null) ? options.sides() : List.of("obs", "plain");
		if (sides.size() != 2) {
			throw new IllegalArgumentException("Invalid value '" + String.join(",", sides)
					+ "' for bench.sides: name two configurations, ours then the peer, of plain, metrics, obs,"
					+ " virtual and virtual-obs.");
		}
		Config ours = Config.of(sides.get(0));
		Config peer = Config.of(sides.get(1));
		ConfigurationBenchmark benchmark = new ConfigurationBenchmark(options, System.out);
		Map<String, List<List<RunFigures>>> results = new LinkedHashMap<>();
		for (String name : names) {
			results.put(name, benchmark.run(Workload.of(name), ours, peer));
		}
		System.out.printf("%n## %s against %s, msg/s: median (min–max) of the measured runs, Java %d%n%n", ours.id,
				peer.id, Runtime.version().feature());
		System.out.printf("| workload | ours: %s | peer: %s | ours / peer | JVM cores ours / peer | load 1-min |%n",
				ours.id, peer.id);
		System.out.println("|---|---|---|---|---|---|");
		results.forEach((name, runs) -> {
			Figures o = Figures.of(runs.get(0), RunFigures::rate);
			Figures p = Figures.of(runs.get(1), RunFigures::rate);
			System.out.printf("| %s | %s | %s | %.2f | %.2f / %.2f | %s |%n", name, o.rates(), p.rates(),
					o.median() / p.median(), Figures.of(runs.get(0), RunFigures::jvmCores).median(),
					Figures.of(runs.get(1), RunFigures::jvmCores).median(),
					Figures.of(runs.get(0), RunFigures::load1).plain(1));
		});
	}

	private List<List<RunFigures>> run(Workload workload, Config ours, Config peer) throws Exception {
		long n = this.options.messages();
		this.out.printf("%n== %s: %s against %s, N = %,d ==%n", workload.id(), ours.id, peer.id, n);
		List<Config> sides = List.of(ours, peer);
		for (int i = 0; i < this.options.warmups(); i++) {
			for (Config side : sides) {
				report("warm-up " + side.id, run(side, workload, n, i == 0));
			}
		}
		List<List<RunFigures>> measured = List.of(new ArrayList<>(), new ArrayList<>());
		for (int i = 0; i < this.options.runs(); i++) {
			for (int s = 0; s < 2; s++) {
				int side = (i + s) % 2;
				measured.get(side).add(report(sides.get(side).id, run(sides.get(side), workload, n, false)));
			}
		}
		return measured;
	}

	private RunFigures report(String what, RunFigures f) {
		this.out.printf("   %-20s %,12.0f msg/s  %6.3f s  %s%n", what, f.rate(), f.nanos() / 1e9, f.cpu());
		return f;
	}

	private RunFigures run(Config config, Workload workload, long n, boolean checkEach) throws Exception {
		String what = config.id + " " + workload.id();
		FinishLine finish = new FinishLine(n, checkEach);
		CountingSource source = new CountingSource(n, finish);
		PipelineSpec<Long> spec = workload.spec(source).toBuilder().threads(config.threads).build();
		MeterRegistry meters = new SimpleMeterRegistry();
		if (config.metrics) {
			spec = spec.toBuilder().listener(new PipelineMetrics(meters)).build();
		}
		if (config.observed) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			spec = new PipelineObservations(registry).observe(spec, PipelineMessaging.of("generator"));
		}
		Pipeline<Long> pipeline = Pipeline.create(spec);
		Meter meter = Meter.begin();
		long start = System.nanoTime();
		pipeline.start();
		long end = finish.awaitFinish(this.options.timeoutSeconds(), what, () -> {
		});
		RunFigures figures = meter.end(end - start, n);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		finish.check(what);
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || stats.succeeded() != n || stats.failed() != 0 || source.emitted() != n) {
			throw new IllegalStateException(what + ": unclean end: " + drained + ", " + stats);
		}
		long observed = (meters.find(PipelineObservations.MESSAGE).timer() != null)
				? meters.find(PipelineObservations.MESSAGE).timer().count() : 0;
		if (observed != (config.observed ? n : 0)) {
			throw new IllegalStateException(
					what + ": " + observed + " message observations, not " + (config.observed ? n : 0));
		}
		return figures;
	}

	/** A configuration of the engine. */
	private enum Config {

		PLAIN("plain", ThreadMode.PLATFORM, false, false), METRICS("metrics", ThreadMode.PLATFORM, true, false),
		OBS("obs", ThreadMode.PLATFORM, false, true), VIRTUAL("virtual", ThreadMode.VIRTUAL, false, false),
		VIRTUAL_OBS("virtual-obs", ThreadMode.VIRTUAL, false, true);

		final String id;

		final ThreadMode threads;

		final boolean observed;

		final boolean metrics;

		Config(String id, ThreadMode threads, boolean metrics, boolean observed) {
			this.id = id;
			this.threads = threads;
			this.metrics = metrics;
			this.observed = observed;
		}

		static Config of(String id) {
			for (Config config : values()) {
				if (config.id.equals(id)) {
					return config;
				}
			}
			throw new IllegalArgumentException("Unknown configuration '" + id
					+ "' in bench.sides: use plain, metrics, obs, virtual or virtual-obs.");
		}

	}

}
