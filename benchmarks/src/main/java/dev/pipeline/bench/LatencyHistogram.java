package dev.pipeline.bench;

/**
 * Latencies in 1 µs buckets from 0 to 100 ms, plus one overflow bucket, with the exact
 * count, sum and max, as docs/benchmarks.md records them. Percentiles use the
 * nearest-rank rule and are the floor of their bucket, in µs. Thread-safe.
 */
public final class LatencyHistogram {

	/** The last regular bucket, in µs; later values go to the overflow bucket. */
	static final int MAX_MICROS = 100_000;

	private final long[] counts = new long[MAX_MICROS + 1];

	private long count;

	private long sumNanos;

	private long maxNanos;

	/**
	 * Records one latency.
	 * @param nanos the latency in ns
	 */
	public void record(long nanos) {
		record(nanos, 1);
	}

	/**
	 * Records the same latency several times.
	 * @param nanos the latency in ns
	 * @param times how many messages had it
	 */
	synchronized void record(long nanos, int times) {
		long micros = Math.max(0, nanos / 1000);
		this.counts[(int) Math.min(micros, MAX_MICROS)] += times;
		this.count += times;
		this.sumNanos += nanos * times;
		this.maxNanos = Math.max(this.maxNanos, nanos);
	}

	/**
	 * @return how many latencies were recorded
	 */
	public synchronized long count() {
		return this.count;
	}

	/**
	 * @return the mean in µs
	 */
	synchronized double meanMicros() {
		return (this.count == 0) ? Double.NaN : this.sumNanos / 1000.0 / this.count;
	}

	/**
	 * @return the largest latency in µs (floor)
	 */
	public synchronized long maxMicros() {
		return this.maxNanos / 1000;
	}

	/**
	 * Returns a percentile by the nearest-rank rule: the floor, in µs, of the bucket that
	 * holds the value of rank {@code ceil(p / 100 × count)}.
	 * @param percent from 0 (exclusive) to 100
	 * @return the percentile in µs, {@value #MAX_MICROS} when it is in the overflow
	 * bucket
	 */
	public synchronized long percentileMicros(double percent) {
		long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * this.count));
		long seen = 0;
		for (int i = 0; i < this.counts.length; i++) {
			seen += this.counts[i];
			if (seen >= rank) {
				return i;
			}
		}
		return MAX_MICROS;
	}

}
