package dev.pipeline.eventrelay;

import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * When an {@link EventRelaySource} pulls and for how many: the demand it holds, the pulls
 * in flight and what they ask for, and the linger and pull-interval waits.
 *
 * <p>
 * A {@code PullQueuedEvents} call asks for the pipeline's outstanding demand up to
 * {@code max-batch-size}, and takes that much of the demand as its own until it answers
 * (what it did not fill is given back). At most
 * {@link EventRelaySource#MAX_PULLS_IN_FLIGHT} calls are in flight, so that EventRelay
 * prepares the next answer while the pipeline takes the last one. A pull starts when the
 * demand not taken makes a full batch: {@code max-batch-size}, or the most the pipeline
 * has demanded at once when that is less (its credit). With none in flight, a smaller
 * pull starts {@link EventRelaySource#LINGER_NANOS} after the demand arrived, if no more
 * came: processors ask again chunk by chunk, and each call costs the client and
 * EventRelay far more than each event, so waiting for the next chunk's demand halves the
 * calls of a busy pipeline. While a wait ({@code pull-interval} after a pull that
 * returned none, or a back-off step) is set, no pull starts.
 *
 * <p>
 * Not thread-safe: the source calls every method under its lock, and tells it of the
 * lifecycle (fetching, paused, no client) by not asking. The timers run the source's
 * callbacks on the source's thread; they take the lock themselves.
 */
final class PullSchedule {

	private final int maxBatchSize;

	private final Timer timer;

	private final Runnable lingered;

	private final Runnable waited;

	/** Demanded and not taken by a pull in flight nor emitted. */
	private long demand;

	/** Pulls whose answer has not arrived. */
	private int pulls;

	/** What the pulls in flight asked for. */
	private long asking;

	/**
	 * The most demand seen at once, asked for or not: what the pipeline gives when it
	 * holds none of the events, so a full batch is {@code max-batch-size} or this.
	 */
	private long credit;

	/** Set while a pull waits for a full batch with none in flight. */
	private @Nullable ScheduledFuture<?> linger;

	/** Set while no pull starts: a pull-interval wait or a back-off step. */
	private @Nullable ScheduledFuture<?> wait;

	/**
	 * @param maxBatchSize the most one pull asks for
	 * @param timer runs the callbacks below after a delay
	 * @param lingered run when the linger is over
	 * @param waited run when the wait is over
	 */
	PullSchedule(int maxBatchSize, Timer timer, Runnable lingered, Runnable waited) {
		this.maxBatchSize = maxBatchSize;
		this.timer = timer;
		this.lingered = lingered;
		this.waited = waited;
	}

	/** Adds what the pipeline asked for. */
	void demanded(int count) {
		this.demand += count;
		this.credit = Math.max(this.credit, this.demand + this.asking);
	}

	/**
	 * Takes the demand of the next pull when one is due: a full batch, or with none in
	 * flight, less once the demand has had {@link EventRelaySource#LINGER_NANOS} to grow;
	 * sets the linger when that time has not started.
	 * @param lingeredFor whether the demand has had that time
	 * @return how many the pull asks for, or 0 when none is due
	 */
	int take(boolean lingeredFor) {
		if (this.wait != null || this.demand <= 0 || this.pulls >= EventRelaySource.MAX_PULLS_IN_FLIGHT) {
			return 0;
		}
		if (this.demand < Math.min(this.maxBatchSize, this.credit) && (this.pulls > 0 || !lingeredFor)) {
			if (this.pulls == 0 && this.linger == null) {
				this.linger = this.timer.schedule(this.lingered, EventRelaySource.LINGER_NANOS);
			}
			return 0;
		}
		int batch = (int) Math.min(this.demand, this.maxBatchSize);
		this.demand -= batch;
		this.asking += batch;
		this.pulls++;
		return batch;
	}

	/**
	 * Ends a pull in flight, giving back the demand it did not fill.
	 * @param batch what it asked for
	 * @param count how many of its events are handed on
	 */
	void answered(int batch, int count) {
		this.pulls--;
		this.asking -= batch;
		this.demand += batch - count;
	}

	/** Whether a wait is set, so that no pull starts. */
	boolean waiting() {
		return this.wait != null;
	}

	/** Sets the wait, unless one is set, for {@code delayNanos}. */
	void waitFor(long delayNanos) {
		if (this.wait == null) {
			this.wait = this.timer.schedule(this.waited, delayNanos);
		}
	}

	/** Called by the linger callback, under the lock, before it tries to pull. */
	void lingerOver() {
		this.linger = null;
	}

	/** Called by the wait callback, under the lock, before it tries to pull. */
	void waitOver() {
		this.wait = null;
	}

	/** Whether a pull's answer has not arrived. */
	boolean inFlight() {
		return this.pulls > 0;
	}

	void cancelWaits() {
		if (this.wait != null) {
			this.wait.cancel(false);
			this.wait = null;
		}
		if (this.linger != null) {
			this.linger.cancel(false);
			this.linger = null;
		}
	}

	/** Runs a task on the source's thread after a delay; called under the lock. */
	@FunctionalInterface
	interface Timer {

		@Nullable ScheduledFuture<?> schedule(Runnable task, long delayNanos);

	}

}
