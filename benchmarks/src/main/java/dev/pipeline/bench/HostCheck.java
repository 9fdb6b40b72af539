package dev.pipeline.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast the host is right now, measured between runs: one core's speed on a fixed
 * arithmetic loop, and how long two threads take to pass a cache line back and forth
 * between cores. On a shared virtual machine the second can change by several times from
 * one second to the next (the host moves the virtual CPUs) while the first stays put; a
 * staged pipeline, whose every hand-off crosses cores, slows with it. The round trip is
 * the least of a few trials, so that a thread of this JVM still busy (the JIT compiler, a
 * collection) does not pass for the host.
 */
public final class HostCheck {

	private static final int STEPS = 20_000_000;

	private static final int ROUND_TRIPS = 20_000;

	private static final int TRIALS = 5;

	private static final long TRIAL_NANOS = 20_000_000;

	private static volatile long sink;

	private HostCheck() {
	}

	/**
	 * Measures both.
	 * @return for example {@code cross-core round trip 45 ns, one core 0.95 ns/step}
	 */
	public static String measure() {
		long start = System.nanoTime();
		long x = 1;
		for (int i = 0; i < STEPS; i++) {
			x = x * 6364136223846793005L + 1442695040888963407L;
		}
		sink = x;
		double step = (double) (System.nanoTime() - start) / STEPS;
		double roundTrip = Double.MAX_VALUE;
		for (int trial = 0; trial < TRIALS; trial++) {
			roundTrip = Math.min(roundTrip, roundTrip());
		}
		return String.format("cross-core round trip %.0f ns, one core %.2f ns/step", roundTrip, step);
	}

	/**
	 * One trial: at most {@link #ROUND_TRIPS} round trips, and no longer than
	 * {@link #TRIAL_NANOS}, so that a machine too busy to run both threads at once ends
	 * it early (with a long round trip) instead of spinning on.
	 */
	private static double roundTrip() {
		AtomicLong ball = new AtomicLong();
		AtomicBoolean over = new AtomicBoolean();
		Thread other = new Thread(() -> {
			for (long i = 0; i < ROUND_TRIPS; i++) {
				while (ball.get() != 2 * i + 1) {
					if (over.get()) {
						return;
					}
					Thread.onSpinWait();
				}
				ball.set(2 * i + 2);
			}
		}, "host-check");
		other.setDaemon(true);
		other.start();
		long start = System.nanoTime();
		long deadline = start + TRIAL_NANOS;
		long done = 0;
		trips: while (done < ROUND_TRIPS) {
			ball.set(2 * done + 1);
			while (ball.get() != 2 * done + 2) {
				if (System.nanoTime() > deadline) {
					break trips;
				}
				Thread.onSpinWait();
			}
			done++;
		}
		long elapsed = System.nanoTime() - start;
		over.set(true);
		try {
			other.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return (double) elapsed / Math.max(1, done);
	}

}
