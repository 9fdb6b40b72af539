package dev.pipeline.bench;

import java.util.List;

/**
 * How much to run, from system properties, with docs/benchmarks.md's values as defaults.
 *
 * @param messages N of a throughput run ({@code -Dbench.n}, 5,000,000)
 * @param warmups discarded throughput runs per side ({@code -Dbench.warmups}, 2); the
 * first checks each message
 * @param runs measured throughput runs per side ({@code -Dbench.runs}, 5)
 * @param latencyMessages messages of a latency run ({@code -Dbench.latency.n}, 1,000,000)
 * @param latencyWarmupMessages messages of the one discarded latency run per side
 * ({@code -Dbench.latency.warmup.n}, 200,000; 0 for none)
 * @param latencyRuns measured latency runs per side ({@code -Dbench.latency.runs}, 3)
 * @param timeoutSeconds how long one run may take before it fails
 * ({@code -Dbench.timeout}, 300)
 * @param sides which sides run ({@code -Dbench.sides}, all of
 * {@code engine,bare,bare-engine-bounds}); fewer, to profile one side
 */
record Options(long messages, int warmups, int runs, long latencyMessages, long latencyWarmupMessages, int latencyRuns,
		long timeoutSeconds, List<String> sides) {

	static Options fromSystemProperties() {
		return new Options(Long.getLong("bench.n", 5_000_000), Integer.getInteger("bench.warmups", 2),
				Integer.getInteger("bench.runs", 5), Long.getLong("bench.latency.n", 1_000_000),
				Long.getLong("bench.latency.warmup.n", 200_000), Integer.getInteger("bench.latency.runs", 3),
				Long.getLong("bench.timeout", 300),
				List.of(System.getProperty("bench.sides", "engine,bare,bare-engine-bounds").split(",")));
	}

	/**
	 * @param side engine, bare or bare-engine-bounds
	 * @return whether that side runs
	 */
	boolean runs(String side) {
		return this.sides.contains(side);
	}

}
