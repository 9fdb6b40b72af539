package dev.pipeline.eventrelay;

/**
 * What an EventRelay source has done since it was created (or, from
 * {@link EventRelaySources#stats()}, what all the current sources of a pipeline have
 * done).
 *
 * @param pulls {@code PullQueuedEvents} calls made
 * @param emptyPulls pulls that found no event (each followed by a wait of
 * {@code pull-interval})
 * @param pullFailures pulls that failed (each followed by a back-off step)
 * @param received events pulled, hence locked for the destination
 * @param unlocked events unlocked ({@code UnLockQueuedEvents}): failures, and events
 * fetched but not handled when the source stopped
 * @param discarded failed events left locked, as {@code on-failure: discard} says
 * @param unlockFailures {@code UnLockQueuedEvents} calls that failed (and were tried
 * again)
 * @param stranded events that could not be unlocked when the source stopped; they stay
 * locked at the destination
 * @param outstanding events handed to the pipeline and not settled yet
 * @since 0.2.0
 */
public record EventRelaySourceStats(long pulls, long emptyPulls, long pullFailures, long received, long unlocked,
		long discarded, long unlockFailures, long stranded, long outstanding) {

	/**
	 * @param other more figures
	 * @return the sum of both
	 */
	public EventRelaySourceStats plus(EventRelaySourceStats other) {
		return new EventRelaySourceStats(this.pulls + other.pulls, this.emptyPulls + other.emptyPulls,
				this.pullFailures + other.pullFailures, this.received + other.received, this.unlocked + other.unlocked,
				this.discarded + other.discarded, this.unlockFailures + other.unlockFailures,
				this.stranded + other.stranded, this.outstanding + other.outstanding);
	}

}
