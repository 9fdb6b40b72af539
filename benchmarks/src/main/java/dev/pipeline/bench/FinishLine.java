package dev.pipeline.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * The one acknowledger shared by every message of a throughput run, as in Broadway's
 * benchmark (docs/benchmarks.md): it adds the size of each call to one atomic counter
 * (add-and-get), and the call that makes the counter exactly {@code expected} takes the
 * finishing timestamp, inside the callback.
 *
 * <p>
 * In checking mode (used for the first warm-up run of each side) it also counts, per
 * message, how often the message whose data is {@code i} was acknowledged, so
 * {@link #check} proves that every message was acknowledged exactly once. Measured runs
 * only count, so their acknowledgement costs what Broadway's does; {@link #check} then
 * proves the total is exactly {@code expected}, that no call overshot it and that none
 * failed.
 *
 * <p>
 * Called concurrently from the last stage's threads.
 */
final class FinishLine implements Acknowledger {

	private final long expected;

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong overshoots = new AtomicLong();

	private final CountDownLatch done = new CountDownLatch(1);

	private final @Nullable AtomicIntegerArray seen;

	private volatile long finishedAt;

	/**
	 * Creates the acknowledger of one run.
	 * @param expected how many messages the run sends
	 * @param checkEach whether to count each message (data 0 to expected - 1) on its own
	 */
	FinishLine(long expected, boolean checkEach) {
		this.expected = expected;
		this.seen = checkEach ? new AtomicIntegerArray(Math.toIntExact(expected)) : null;
	}

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failures) {
		int n = successful.size() + failures.size();
		AtomicIntegerArray each = this.seen;
		if (each != null) {
			this.calls.incrementAndGet();
			countEach(each, successful);
			countEach(each, failures);
		}
		long total = this.acknowledged.addAndGet(n);
		if (total == this.expected) {
			this.finishedAt = System.nanoTime();
			this.done.countDown();
		}
		else if (total > this.expected) {
			this.overshoots.incrementAndGet();
		}
		if (!failures.isEmpty()) {
			this.failed.addAndGet(failures.size());
		}
	}

	private static void countEach(AtomicIntegerArray each, List<Message<?>> messages) {
		for (int i = 0, n = messages.size(); i < n; i++) {
			Object data = messages.get(i).data();
			each.incrementAndGet(Math.toIntExact((Long) data));
		}
	}

	/**
	 * Waits for the last acknowledgement.
	 * @param timeoutSeconds how long to wait
	 * @param what names the run in the failure message
	 * @param health called every 100 ms while waiting; throws when the run has failed
	 * @return the time the counter reached {@code expected}, in {@link System#nanoTime}
	 * @throws IllegalStateException if it did not within the timeout
	 * @throws InterruptedException if interrupted while waiting
	 */
	long awaitFinish(long timeoutSeconds, String what, Runnable health) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (!this.done.await(100, TimeUnit.MILLISECONDS)) {
			health.run();
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException(what + ": only " + this.acknowledged.get() + " of " + this.expected
						+ " messages were acknowledged within " + timeoutSeconds + " s.");
			}
		}
		return this.finishedAt;
	}

	/**
	 * Checks the run's result: exactly {@code expected} messages acknowledged, none
	 * failed, no call past the finish line, and in checking mode each message exactly
	 * once.
	 * @param what names the run in the failure message
	 * @throws IllegalStateException naming what is wrong
	 */
	void check(String what) {
		long total = this.acknowledged.get();
		if (total != this.expected || this.overshoots.get() != 0 || this.failed.get() != 0) {
			throw new IllegalStateException(what + ": acknowledged " + total + " messages (expected exactly "
					+ this.expected + "), " + this.failed.get() + " as failed, " + this.overshoots.get()
					+ " acknowledgement calls past the expected total.");
		}
		AtomicIntegerArray each = this.seen;
		if (each != null) {
			for (int i = 0; i < each.length(); i++) {
				if (each.get(i) != 1) {
					throw new IllegalStateException(
							what + ": message " + i + " was acknowledged " + each.get(i) + " times, not once.");
				}
			}
		}
	}

	/**
	 * @return how many acknowledgement calls there were, counted in checking mode only (0
	 * otherwise)
	 */
	long calls() {
		return this.calls.get();
	}

	/**
	 * @return how many messages were acknowledged so far
	 */
	long acknowledged() {
		return this.acknowledged.get();
	}

}
