package dev.pipeline.bench.broker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM ({@code com.sun.management.OperatingSystemMXBean}) and of a broker
 * process ({@code /proc/<pid>/stat}, user plus system, in clock ticks of 10 ms), and the
 * 1-minute load average.
 */
public final class Cpu {

	private static final long NANOS_PER_TICK = 10_000_000L;

	private Cpu() {
	}

	/**
	 * @return this JVM's CPU time so far, all threads, in nanoseconds
	 */
	public static long self() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			return sun.getProcessCpuTime();
		}
		return -1;
	}

	/**
	 * Reads a process's CPU time.
	 * @param pid the process, or a negative number for none
	 * @return user plus system time in nanoseconds, or -1 when it cannot be read
	 */
	public static long of(long pid) {
		if (pid < 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state); utime and stime are fields 14 and 15
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Finds the oldest process whose command line matches, as {@code pgrep -o -f}.
	 * @param pattern the pattern
	 * @return its pid, or -1
	 */
	public static long find(String pattern) {
		try {
			Process pgrep = new ProcessBuilder("pgrep", "-o", "-f", pattern).redirectErrorStream(true).start();
			String out = new String(pgrep.getInputStream().readAllBytes()).trim();
			pgrep.waitFor();
			return out.isEmpty() ? -1 : Long.parseLong(out.lines().findFirst().orElse("-1"));
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * @return the 1-minute load average, or -1
	 */
	public static double load1() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
