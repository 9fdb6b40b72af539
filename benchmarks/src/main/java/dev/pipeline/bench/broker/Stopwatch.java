package dev.pipeline.bench.broker;

/**
 * Times one run: wall time, this JVM's CPU and the broker's CPU, from {@link #start} to
 * the N-th delivery a {@link Tally} saw.
 */
public final class Stopwatch {

	private final long brokerPid;

	private final long startNanos;

	private final long clientCpu;

	private final long brokerCpu;

	private Stopwatch(long brokerPid) {
		this.brokerPid = brokerPid;
		this.clientCpu = Cpu.self();
		this.brokerCpu = Cpu.of(brokerPid);
		this.startNanos = System.nanoTime();
	}

	/**
	 * Starts the clock, just before the consumer under test starts.
	 * @param brokerPid the broker process, or -1
	 * @return the running stopwatch
	 */
	public static Stopwatch start(long brokerPid) {
		return new Stopwatch(brokerPid);
	}

	/**
	 * Waits for the N-th delivery and stops the clock.
	 * @param side the consumer under test
	 * @param tally the run's tally
	 * @param timeoutSeconds how long to wait
	 * @return the run's figures
	 * @throws InterruptedException when interrupted
	 */
	public Sample stop(String side, Tally tally, long timeoutSeconds) throws InterruptedException {
		long end = tally.awaitAll(timeoutSeconds, side);
		long clientCpu = Cpu.self();
		long brokerCpu = Cpu.of(this.brokerPid);
		long now = System.nanoTime();
		// the CPU readings come a little after the last delivery: scale them to the run
		double scale = (double) (end - this.startNanos) / (now - this.startNanos);
		return new Sample(side, tally.seen(), end - this.startNanos, end - tally.firstNanos(),
				(long) ((clientCpu - this.clientCpu) * scale),
				(brokerCpu >= 0 && this.brokerCpu >= 0) ? (long) ((brokerCpu - this.brokerCpu) * scale) : -1,
				Cpu.load1());
	}

}
