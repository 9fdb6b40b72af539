package dev.pipeline.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * This JVM's threads as Linux counts them ({@code /proc/self/task}): each thread's name
 * as the kernel keeps it (at most {@value #NAME_LENGTH} characters), its context switches
 * so far, voluntary (it parked or waited) and involuntary (it was taken off its core
 * while it could still run: preempted, or it yielded with another thread ready), and its
 * CPU time. A thread that ends while it is read is left out; where the kernel's counts
 * cannot be read at all, nothing is returned.
 */
public final class LinuxThreads {

	/** How many characters of a thread's name Linux keeps. */
	public static final int NAME_LENGTH = 15;

	private static final Path TASKS = Path.of("/proc/self/task");

	private LinuxThreads() {
	}

	/**
	 * Reads every live thread's switches.
	 * @return one entry per thread
	 */
	public static List<Switches> switches() {
		List<Switches> all = new ArrayList<>();
		forEachTask((task, name) -> {
			long voluntary = 0;
			long involuntary = 0;
			for (String line : Files.readAllLines(task.resolve("status"))) {
				if (line.startsWith("voluntary_ctxt_switches:")) {
					voluntary = count(line);
				}
				else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
					involuntary = count(line);
				}
			}
			all.add(new Switches(name, voluntary, involuntary));
		});
		return all;
	}

	/**
	 * Reads the CPU time of the threads whose kernel name matches
	 * ({@code /proc/self/task/<tid>/schedstat}).
	 * @param name which threads, by their name as Linux keeps it
	 * @return nanoseconds so far, by thread id
	 */
	public static Map<String, Long> cpuNanos(Predicate<String> name) {
		Map<String, Long> all = new HashMap<>();
		forEachTask((task, kernelName) -> {
			if (name.test(kernelName)) {
				String schedstat = Files.readString(task.resolve("schedstat"));
				all.put(task.getFileName().toString(), Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
			}
		});
		return all;
	}

	/**
	 * @param name a Java thread's name
	 * @return that name as Linux keeps it
	 */
	public static String kernelName(String name) {
		return (name.length() > NAME_LENGTH) ? name.substring(0, NAME_LENGTH) : name;
	}

	private static void forEachTask(TaskReader reader) {
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
			for (Path task : tasks) {
				try {
					reader.read(task, Files.readString(task.resolve("comm")).trim());
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended after the listing: it has nothing more to count
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or no /proc: nothing to read
		}
	}

	private static long count(String line) {
		return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
	}

	@FunctionalInterface
	private interface TaskReader {

		void read(Path task, String name) throws IOException;

	}

	/**
	 * One thread's context switches so far.
	 *
	 * @param name the thread's name as Linux keeps it
	 * @param voluntary times it parked or waited
	 * @param involuntary times it was taken off its core while it could still run
	 */
	public record Switches(String name, long voluntary, long involuntary) {
	}

}
