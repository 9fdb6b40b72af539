package dev.pipeline.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import dev.pipeline.core.PipelineClock;

/**
 * A clock that moves only when a test says so, for testing batch timeouts and rate limits
 * without waiting:
 *
 * <pre class="code">
 * VirtualClock clock = new VirtualClock();
 * Pipeline&lt;String&gt; pipeline = Pipeline.create(spec.toBuilder().clock(clock).build());
 * pipeline.start();
 * source.push(message);
 * clock.advance(Duration.ofSeconds(2));   // the batch timeout passes: the batch is emitted
 * </pre>
 *
 * <p>
 * Thread-safe. {@link #advance} runs the tasks that fall due on the calling thread, in
 * the order of their due times, with the clock set to each one's time as it runs; a task
 * scheduled meanwhile that falls due within the advance runs too. What a task starts on
 * the pipeline's threads (a batch emitted, demand asked again) happens asynchronously, so
 * wait for its effect with Awaitility or a {@link TestAck}.
 *
 * @since 0.1.0
 */
public final class VirtualClock implements PipelineClock {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private long now;

	private long sequence;

	@Override
	public synchronized long nanoTime() {
		return this.now;
	}

	@Override
	public synchronized Scheduled schedule(Runnable task, long delayNanos) {
		Task scheduled = new Task(task, this.now + Math.max(0, delayNanos), this.sequence++);
		this.tasks.add(scheduled);
		return () -> cancel(scheduled);
	}

	/**
	 * Moves the clock forward, running the tasks that fall due.
	 * @param duration how far, 0 or more
	 * @throws IllegalArgumentException if the duration is negative
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Cannot move a clock backwards by " + duration + ".");
		}
		long target;
		synchronized (this) {
			target = this.now + duration.toNanos();
		}
		while (true) {
			Task due;
			synchronized (this) {
				Task next = this.tasks.peek();
				if (next == null || next.due > target) {
					this.now = target;
					return;
				}
				due = this.tasks.poll();
				this.now = Math.max(this.now, due.due);
			}
			due.work.run();
		}
	}

	/**
	 * @return the tasks scheduled and not yet run or cancelled, by due time
	 */
	public synchronized List<Duration> pending() {
		List<Task> sorted = new ArrayList<>(this.tasks);
		sorted.sort(null);
		List<Duration> due = new ArrayList<>(sorted.size());
		for (Task task : sorted) {
			due.add(Duration.ofNanos(task.due - this.now));
		}
		return due;
	}

	private synchronized void cancel(Task task) {
		this.tasks.remove(task);
	}

	@Override
	public String toString() {
		return "virtual clock at " + Duration.ofNanos(nanoTime());
	}

	private record Task(Runnable work, long due, long order) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byTime = Long.compare(this.due, other.due);
			return (byTime != 0) ? byTime : Long.compare(this.order, other.order);
		}

	}

}
