package dev.pipeline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a thread's wait and wake-up cost on this machine, in CPU time of the waiting
 * thread: the price of every hand-off in a staged pipeline that parks. Two threads pass a
 * turn back and forth; the one that hands over first works for 20 µs (a handler), the
 * other parks until the turn comes back. Measured with an untimed park, with a timed park
 * that the hand-over ends long before its time (1 ms and 10 ms), and for a timed park of
 * 1 ms that runs out. On a virtual machine a short timer is set and cancelled through the
 * hypervisor, so a timed wait can cost several µs more than an untimed one.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.ParkCost
 * </pre>
 *
 * System properties: {@code cycles} (20000), {@code trials} (3; the median is printed).
 */
public final class ParkCost {

	private static final long WORK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private ParkCost() {
	}

	public static void main(String[] args) throws InterruptedException {
		int cycles = Integer.getInteger("cycles", 20_000);
		int trials = Integer.getInteger("trials", 3);
		System.out.printf("CPU time of the waiting thread per cycle (its park, its wake-up, and the unpark that"
				+ " hands the turn back), median of %d trials of %,d:%n", trials, cycles);
		double untimed = median(trials, () -> handOffs(cycles, 0));
		print("untimed park, woken by the other thread", untimed, untimed);
		print("park of at most 1 ms, woken by the other thread",
				median(trials, () -> handOffs(cycles, TimeUnit.MILLISECONDS.toNanos(1))), untimed);
		print("park of at most 10 ms, woken by the other thread",
				median(trials, () -> handOffs(cycles, TimeUnit.MILLISECONDS.toNanos(10))), untimed);
		print("park of 1 ms that runs out (no other thread)",
				median(trials, () -> timeouts(Math.min(cycles, 2_000), TimeUnit.MILLISECONDS.toNanos(1))), untimed);
		System.out.println("host: " + HostCheck.measure());
	}

	private static void print(String what, double micros, double untimed) {
		System.out.printf("  %-50s %6.1f µs  (%.2f× the untimed park)%n", what, micros, micros / untimed);
	}

	private static double median(int trials, Trial trial) throws InterruptedException {
		double[] figures = new double[trials];
		for (int i = 0; i < trials; i++) {
			figures[i] = trial.run();
		}
		Arrays.sort(figures);
		return figures[trials / 2];
	}

	/**
	 * Passes a turn back and forth {@code cycles} times.
	 * @param timeoutNanos how long the waiting thread's park may last; 0 for untimed
	 * @return the waiting thread's CPU time per cycle, µs
	 */
	static double handOffs(int cycles, long timeoutNanos) throws InterruptedException {
		Turn turn = new Turn();
		long[] cpu = new long[1];
		Thread waiter = new Thread(() -> {
			long start = THREADS.getCurrentThreadCpuTime();
			for (int i = 0; i < cycles; i++) {
				turn.await(1, timeoutNanos);
				turn.pass(0);
			}
			cpu[0] = THREADS.getCurrentThreadCpuTime() - start;
		}, "park-cost-waiter");
		Thread worker = new Thread(() -> {
			for (int i = 0; i < cycles; i++) {
				long until = System.nanoTime() + WORK_NANOS;
				while (System.nanoTime() < until) {
					Thread.onSpinWait();
				}
				turn.pass(1);
				turn.await(0, 0);
			}
		}, "park-cost-worker");
		turn.waiter = waiter;
		turn.worker = worker;
		waiter.start();
		worker.start();
		worker.join();
		waiter.join();
		return cpu[0] / 1e3 / cycles;
	}

	/**
	 * @return the CPU time per timed park that runs out, µs
	 */
	static double timeouts(int count, long nanos) {
		long start = THREADS.getCurrentThreadCpuTime();
		for (int i = 0; i < count; i++) {
			LockSupport.parkNanos(nanos);
		}
		return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / count;
	}

	@FunctionalInterface
	private interface Trial {

		double run() throws InterruptedException;

	}

	/** Whose turn it is: 1 for the waiter, 0 for the worker. */
	private static final class Turn {

		private volatile int owner;

		private volatile Thread waiter;

		private volatile Thread worker;

		void pass(int to) {
			this.owner = to;
			LockSupport.unpark((to == 1) ? this.waiter : this.worker);
		}

		void await(int mine, long timeoutNanos) {
			while (this.owner != mine) {
				if (timeoutNanos > 0) {
					LockSupport.parkNanos(timeoutNanos);
				}
				else {
					LockSupport.park();
				}
			}
		}

	}

}
