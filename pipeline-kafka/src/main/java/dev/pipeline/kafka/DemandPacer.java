package dev.pipeline.kafka;

/**
 * When the {@link PollLoop} hands buffered records to the pipeline: once the demand
 * available reaches {@link #wanted}, or once smaller demand has waited
 * {@link KafkaSourceSettings#PARTIAL_DEMAND_WAIT} (processors that hold the rest for a
 * long time, a rate limit that grants little at a time). Such demand does not wake the
 * poll thread: it is seen at its next turn, at the latest after
 * {@link KafkaSourceSettings#IDLE_POLL_INTERVAL}, or when the wait for it is up
 * ({@link #boundWait}).
 *
 * <p>
 * Used only by the thread that holds the poll thread's role ({@link BufferedRecords}): it
 * is given the demand it judges and holds no reference to the shared demand.
 */
final class DemandPacer {

	/** The most demand the poll thread has seen available at once. */
	private long peakDemand;

	/** When demand below {@link #wanted} was first seen, -1 when none waits. */
	private long partialSince = -1;

	/**
	 * The demand worth waking for while records wait: all of them, or half the most
	 * demand seen at once, whichever is less. Half the most demand seen is reached while
	 * the processors still hold the other half, so they keep working while the poll
	 * thread hands over the next slice, and it wakes once per slice rather than once per
	 * processor's ask.
	 * @param buffered the records waiting
	 * @return the demand worth waking for
	 */
	long wanted(int buffered) {
		return Math.min(buffered, Math.max(1, this.peakDemand / 2));
	}

	/**
	 * Records the demand available at this turn and decides whether to emit now.
	 * @param available the demand available
	 * @param buffered the records waiting
	 * @param now the time of this turn, in {@link System#nanoTime()} terms
	 * @return whether to take demand and emit now
	 */
	boolean ready(long available, int buffered, long now) {
		this.peakDemand = Math.max(this.peakDemand, available);
		if (available <= 0 || buffered == 0) {
			this.partialSince = -1;
			return false;
		}
		if (available < wanted(buffered)) {
			if (this.partialSince < 0) {
				this.partialSince = now;
			}
			if (now - this.partialSince < KafkaSourceSettings.PARTIAL_DEMAND_WAIT) {
				return false;
			}
		}
		this.partialSince = -1;
		return true;
	}

	/**
	 * Shortens a wait for demand so that it ends when waiting demand is due to be used.
	 * @param wait the wait, in nanoseconds
	 * @param now the time of this turn, in {@link System#nanoTime()} terms
	 * @return the wait, no longer than until partial demand is due
	 */
	long boundWait(long wait, long now) {
		if (this.partialSince >= 0) {
			return Math.min(wait, this.partialSince + KafkaSourceSettings.PARTIAL_DEMAND_WAIT - now);
		}
		return wait;
	}

}
