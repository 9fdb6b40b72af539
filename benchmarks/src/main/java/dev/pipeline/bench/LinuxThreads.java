package dev.pipeline.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This JVM's threads as Linux counts them ({@code /proc/self/task}): each thread's name
 * as the kernel keeps it (at most {@value #NAME_LENGTH} characters) and its context
 * switches so far, voluntary (it parked or waited) and involuntary (it was taken off its
 * core while it could still run: preempted, or it yielded with another thread ready).
 */
public final class LinuxThreads {

	/** How many characters of a thread's name Linux keeps. */
	public static final int NAME_LENGTH = 15;

	private LinuxThreads() {
	}

	/**
	 * Reads every live thread's switches.
	 * @return one entry per thread (less any that ended while they were read), or none
	 * where the kernel's counts cannot be read
	 */
	public static List<Switches> switches() {
		List<Switches> all = new ArrayList<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				read(task, all);
			}
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
		return all;
	}

	private static void read(Path task, List<Switches> all) {
		long voluntary = 0;
		long involuntary = 0;
		try {
			for (String line : Files.readAllLines(task.resolve("status"))) {
				if (line.startsWith("voluntary_ctxt_switches:")) {
					voluntary = count(line);
				}
				else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
					involuntary = count(line);
				}
			}
			all.add(new Switches(Files.readString(task.resolve("comm")).trim(), voluntary, involuntary));
		}
		catch (IOException ex) {
			// The thread ended after the listing: it has nothing more to count
			return;
		}
	}

	/**
	 * @param name a Java thread's name
	 * @return that name as Linux keeps it
	 */
	public static String kernelName(String name) {
		return (name.length() > NAME_LENGTH) ? name.substring(0, NAME_LENGTH) : name;
	}

	private static long count(String line) {
		return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
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
