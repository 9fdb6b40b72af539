package dev.pipeline.eventrelay;

import java.util.concurrent.atomic.LongAdder;

/** What one {@link EventRelaySource} has done, counted where it happens. */
final class Counters {

	final LongAdder pulls = new LongAdder();

	final LongAdder emptyPulls = new LongAdder();

	final LongAdder pullFailures = new LongAdder();

	final LongAdder received = new LongAdder();

	final LongAdder unlocked = new LongAdder();

	final LongAdder discarded = new LongAdder();

	final LongAdder unlockFailures = new LongAdder();

	final LongAdder stranded = new LongAdder();

	EventRelaySourceStats snapshot(long outstanding) {
		return new EventRelaySourceStats(this.pulls.sum(), this.emptyPulls.sum(), this.pullFailures.sum(),
				this.received.sum(), this.unlocked.sum(), this.discarded.sum(), this.unlockFailures.sum(),
				this.stranded.sum(), outstanding);
	}

}
