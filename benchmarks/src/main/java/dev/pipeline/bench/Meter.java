package dev.pipeline.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.OperatingSystemMXBean;

/**
 * Measures one run around the benchmark's own clock: before it, a full collection, a 200
 * ms pause and the baseline heap (as Broadway's benchmark does), the load average, the
 * CPU and collector counters; during it, the {@link HeapSampler}; after it, the same
 * counters again.
 *
 * <p>
 * "Other cores" is the machine's busy time from {@code /proc/stat} (all CPUs, steal left
 * out) minus this JVM's CPU time, divided by wall time: how much the rest of the machine
 * competed with the run. Its resolution is the kernel's 10 ms tick.
 */
final class Meter {

	private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static final long NANOS_PER_JIFFY = 10_000_000L;

	private final long baseline;

	private final double load1;

	private final long processCpu;

	private final long machineBusy;

	private final long gcs;

	private final long gcMillis;

	private final HeapSampler sampler;

	private final long quietWaitMillis;

	private Meter() throws InterruptedException {
		this.quietWaitMillis = awaitQuiet();
		this.baseline = HeapSampler.usedAfterGc();
		this.load1 = load1();
		this.gcs = gcCount();
		this.gcMillis = gcMillis();
		this.processCpu = OS.getProcessCpuTime();
		this.machineBusy = machineBusyNanos();
		this.sampler = HeapSampler.start();
	}

	/**
	 * Prepares the machine and starts measuring; call just before the clock starts.
	 * @return the meter
	 * @throws InterruptedException if interrupted while the collector settles
	 */
	static Meter begin() throws InterruptedException {
		return new Meter();
	}

	/**
	 * Stops measuring; call right after the last acknowledgement, while the pipeline is
	 * still up.
	 * @param nanos the run's wall time
	 * @param messages messages in the run
	 * @return the figures
	 * @throws InterruptedException if interrupted while collecting
	 */
	RunFigures end(long nanos, long messages) throws InterruptedException {
		long heapEnd = HeapSampler.used();
		long cpu = OS.getProcessCpuTime() - this.processCpu;
		long busy = machineBusyNanos() - this.machineBusy;
		long collections = gcCount() - this.gcs;
		long collectionMillis = gcMillis() - this.gcMillis;
		this.sampler.close();
		long peak = Math.max(this.sampler.peak(), heapEnd);
		long live = HeapSampler.usedAfterGc();
		return new RunFigures(nanos, messages, this.baseline, peak, heapEnd, live, (double) cpu / nanos,
				Math.max(0, (double) (busy - cpu) / nanos), collections, collectionMillis, this.load1,
				this.quietWaitMillis);
	}

	/**
	 * Waits, before a run, until the rest of the machine used less than
	 * {@code -Dbench.quiet} cores (default 0.25) over one second, or until
	 * {@code -Dbench.quiet.wait} seconds (default 60) have passed; as Broadway's
	 * benchmark started each scenario on an idle machine. The machine is shared; nothing
	 * here stops other work from starting during the run, which "other cores" then shows.
	 * @return how long it waited, in ms
	 * @throws InterruptedException if interrupted while waiting
	 */
	static long awaitQuiet() throws InterruptedException {
		double threshold = Double.parseDouble(System.getProperty("bench.quiet", "0.25"));
		long maxWaitNanos = Long.getLong("bench.quiet.wait", 60) * 1_000_000_000L;
		long start = System.nanoTime();
		while (true) {
			long cpu = OS.getProcessCpuTime();
			long busy = machineBusyNanos();
			long from = System.nanoTime();
			Thread.sleep(1000);
			long wall = System.nanoTime() - from;
			double other = (double) ((machineBusyNanos() - busy) - (OS.getProcessCpuTime() - cpu)) / wall;
			if (other < threshold || System.nanoTime() - start > maxWaitNanos) {
				return (System.nanoTime() - start) / 1_000_000 - 1000;
			}
		}
	}

	/**
	 * @return the 1-minute load average, or -1 when unknown
	 */
	static double load1() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static long machineBusyNanos() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
				if (line.startsWith("cpu ")) {
					String[] f = line.trim().split("\\s+");
					// user nice system idle iowait irq softirq steal ...
					long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
							+ Long.parseLong(f[6]) + Long.parseLong(f[7]);
					return busy * NANOS_PER_JIFFY;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not on Linux: "other cores" reads 0
		}
		return 0;
	}

	private static long gcCount() {
		long count = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(0, gc.getCollectionCount());
		}
		return count;
	}

	private static long gcMillis() {
		long millis = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			millis += Math.max(0, gc.getCollectionTime());
		}
		return millis;
	}

}
