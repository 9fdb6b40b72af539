package dev.pipeline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where a run's cores went, thread by thread: each thread's CPU time as a share of the
 * run's wall time, how often it parked or waited ({@link ThreadInfo#getWaitedCount()},
 * which counts every {@code LockSupport.park}), and how often it blocked on a contended
 * monitor. Engine threads are read while still alive, right after the last
 * acknowledgement; bare hand-off threads record themselves as they end.
 *
 * <p>
 * On Linux, the engine's threads' context switches too, as the kernel counts them:
 * voluntary (the thread parked or waited) and involuntary (it was taken off its core
 * while it could still run: preempted, or it yielded with another thread ready to run).
 * Linux keeps a thread's name to 15 characters, so threads whose names differ only after
 * that are counted together.
 */
final class ThreadCpu {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private ThreadCpu() {
	}

	/**
	 * Reads the usage of the live threads whose names start with {@code prefix}.
	 * @param prefix the run's thread-name prefix, such as {@code pipeline-c-}
	 * @return usage by thread name, without the prefix
	 */
	static Map<String, Usage> live(String prefix) {
		Map<String, Usage> usage = new TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			String name = thread.getName();
			if (name.startsWith(prefix)) {
				@SuppressWarnings("deprecation")
				long id = thread.getId();
				ThreadInfo info = THREADS.getThreadInfo(id);
				long cpu = THREADS.getThreadCpuTime(id);
				if (info != null && cpu >= 0) {
					usage.put(name.substring(prefix.length()),
							new Usage(cpu, info.getWaitedCount(), info.getBlockedCount()));
				}
			}
		}
		return usage;
	}

	/**
	 * @return the usage of the calling thread so far
	 */
	static Usage current() {
		@SuppressWarnings("deprecation")
		long id = Thread.currentThread().getId();
		ThreadInfo info = THREADS.getThreadInfo(id);
		return new Usage(THREADS.getCurrentThreadCpuTime(), (info != null) ? info.getWaitedCount() : -1,
				(info != null) ? info.getBlockedCount() : -1);
	}

	/**
	 * Describes threads' usage over a run.
	 * @param usage by thread name
	 * @param wallNanos the run's wall time
	 * @return for example {@code processor-0 0.91 cores 12,000 parks 3 blocked, ...}
	 */
	static String describe(Map<String, Usage> usage, long wallNanos) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(usage).forEach((name, u) -> text.append((text.length() > 0) ? ", " : "")
			.append(String.format("%s %.2f cores %,d parks", name, (double) u.cpuNanos() / wallNanos, u.waited()))
			.append((u.blocked() > 0) ? String.format(" %,d blocked", u.blocked()) : ""));
		return text.toString();
	}

	/**
	 * Describes the context switches of the live threads whose names start with
	 * {@code prefix}, grouped as Linux names them.
	 * @param prefix the run's thread-name prefix, such as {@code pipeline-c-}
	 * @param names the names of the run's threads, without the prefix
	 * @return for example
	 * {@code processor-0+processor-1 1,200 / 30,000, batch-default-0 300 / 40}, or an
	 * empty string where the kernel's counts cannot be read (see {@link LinuxThreads})
	 */
	static String switches(String prefix, Set<String> names) {
		Map<String, Set<String>> namesByKernelName = new TreeMap<>();
		for (String name : names) {
			namesByKernelName.computeIfAbsent(LinuxThreads.kernelName(prefix + name), (key) -> new TreeSet<>())
				.add(name);
		}
		Map<String, long[]> byName = new TreeMap<>();
		for (LinuxThreads.Switches thread : LinuxThreads.switches()) {
			Set<String> matching = namesByKernelName.get(thread.name());
			if (matching != null) {
				long[] counts = byName.computeIfAbsent(String.join("+", matching), (key) -> new long[2]);
				counts[0] += thread.voluntary();
				counts[1] += thread.involuntary();
			}
		}
		return byName.entrySet()
			.stream()
			.map((e) -> String.format("%s %,d / %,d", e.getKey(), e.getValue()[0], e.getValue()[1]))
			.collect(Collectors.joining(", "));
	}

	/**
	 * What one thread used.
	 *
	 * @param cpuNanos CPU time
	 * @param waited times it parked or waited
	 * @param blocked times it blocked on a contended monitor
	 */
	record Usage(long cpuNanos, long waited, long blocked) {
	}

}
