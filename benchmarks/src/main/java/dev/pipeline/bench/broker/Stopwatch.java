package dev.pipeline.bench.broker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.pipeline.bench.HostCheck;
import dev.pipeline.bench.LinuxThreads;

/**
 * Times one run: wall time, this JVM's CPU and the broker's CPU, from {@link #start} to
 * the N-th delivery a {@link Tally} saw.
 */
public final class Stopwatch {

	private final long brokerPid;

	private final long startNanos;

	private final long clientCpu;

	private final long brokerCpu;

	private final Map<Long, long[]> threads;

	private final long switches;

	private final Map<String, Long> compilerCpu;

	private final Map<String, Long> switchesByThread;

	private Stopwatch(long brokerPid) {
		this.brokerPid = brokerPid;
		this.threads = threads();
		this.switches = switches();
		this.switchesByThread = switchesByThread();
		this.clientCpu = Cpu.self();
		this.compilerCpu = compilerCpu();
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
		Map<String, Long> compilerCpu = compilerCpu();
		long brokerCpu = Cpu.of(this.brokerPid);
		long now = System.nanoTime();
		// the CPU readings come a little after the last delivery: scale them to the run
		double scale = (double) (end - this.startNanos) / (now - this.startNanos);
		printThreads(side, tally.seen());
		System.out.println(side + ": host after the run: " + HostCheck.measure());
		return new Sample(side, tally.seen(), end - this.startNanos, end - tally.firstNanos(),
				(long) ((clientCpu - this.clientCpu) * scale),
				(long) (compilerCpuBetween(this.compilerCpu, compilerCpu) * scale),
				(brokerCpu >= 0 && this.brokerCpu >= 0) ? (long) ((brokerCpu - this.brokerCpu) * scale) : -1,
				Cpu.load1());
	}

	/**
	 * Prints the bytes all threads allocated per record over the run, and the CPU time
	 * per record of the busiest thread (the consumer's poll thread, on every side), since
	 * both vary less with the machine's load than the rates.
	 */
	private void printThreads(String side, long records) {
		Map<Long, long[]> now = threads();
		long allocated = 0;
		long busiest = 0;
		String name = "?";
		Map<String, Long> cpuByThread = new TreeMap<>();
		for (Map.Entry<Long, long[]> entry : now.entrySet()) {
			long[] before = this.threads.getOrDefault(entry.getKey(), new long[2]);
			allocated += entry.getValue()[0] - before[0];
			long cpu = entry.getValue()[1] - before[1];
			ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(entry.getKey());
			String thread = (info != null) ? info.getThreadName() : "?";
			cpuByThread.merge(thread.replaceAll("[0-9]+", "#"), cpu, Long::sum);
			if (cpu > busiest) {
				busiest = cpu;
				name = thread;
			}
		}
		System.out.printf(
				"%s: %.0f B/record allocated; busiest thread %s %.3f µs/record CPU; %.2f voluntary context switches"
						+ " per 1,000 records%n",
				side, (double) allocated / records, name, busiest / 1000.0 / records,
				(switches() - this.switches) * 1000.0 / records);
		if (Boolean.getBoolean("cpu.by.thread")) {
			printByThread(side, "CPU µs per record", cpuByThread, 1.0 / 1000 / records, 0.01);
		}
		if (Boolean.getBoolean("switches.by.thread")) {
			Map<String, Long> switches = new TreeMap<>();
			switchesByThread().forEach(
					(thread, count) -> switches.put(thread, count - this.switchesByThread.getOrDefault(thread, 0L)));
			printByThread(side, "voluntary context switches per 1,000 records", switches, 1000.0 / records, 0.05);
		}
	}

	/**
	 * Prints one line of a figure per thread name, leaving out the threads below a floor.
	 * @param side the consumer under test
	 * @param what the figure
	 * @param byThread the raw amounts by thread name
	 * @param scale turns an amount into the figure
	 * @param floor the least figure printed
	 */
	private static void printByThread(String side, String what, Map<String, Long> byThread, double scale,
			double floor) {
		StringBuilder line = new StringBuilder(side).append(": ").append(what).append(" by thread:");
		byThread.forEach((thread, amount) -> {
			if (amount * scale >= floor) {
				line.append(String.format(" %s %.2f;", thread, amount * scale));
			}
		});
		System.out.println(line);
	}

	/**
	 * @return the voluntary context switches of this JVM's live threads so far, by thread
	 * name as Linux keeps it (15 characters) with digits dropped, or none
	 */
	private static Map<String, Long> switchesByThread() {
		Map<String, Long> all = new TreeMap<>();
		for (LinuxThreads.Switches thread : LinuxThreads.switches()) {
			all.merge(thread.name().replaceAll("[0-9]+", "#"), thread.voluntary(), Long::sum);
		}
		return all;
	}

	/**
	 * @return the voluntary context switches of this JVM's live threads so far (Linux),
	 * or 0
	 */
	private static long switches() {
		long total = 0;
		for (long count : switchesByThread().values()) {
			total += count;
		}
		return total;
	}

	/**
	 * The CPU time of this JVM's JIT compiler threads so far, in nanoseconds, by thread
	 * id, as Linux keeps it per thread ({@code /proc/self/task/<tid>/schedstat}).
	 * @return the times, none where they cannot be read
	 */
	static Map<String, Long> compilerCpu() {
		return LinuxThreads
			.cpuNanos((name) -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
	}

	/**
	 * The CPU time the JIT compiler threads spent since a reading: a thread started since
	 * counts from 0; one that ended since is left out, so the figure errs low.
	 * @param before the earlier reading
	 * @param now the later reading
	 * @return nanoseconds
	 */
	static long compilerCpuBetween(Map<String, Long> before, Map<String, Long> now) {
		long total = 0;
		for (Map.Entry<String, Long> thread : now.entrySet()) {
			total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
		}
		return total;
	}

	private static Map<Long, long[]> threads() {
		Map<Long, long[]> all = new HashMap<>();
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean) {
			for (long id : bean.getAllThreadIds()) {
				all.put(id, new long[] { bean.getThreadAllocatedBytes(id), bean.getThreadCpuTime(id) });
			}
		}
		return all;
	}

}
