package dev.pipeline.eventrelay;

import java.util.List;

/**
 * The events one pull handed to the pipeline, and which of them are not settled yet: an
 * array and a count, so that settling an event costs no hashing of its id. Thread-safe:
 * events of one batch are settled from several stage threads.
 */
final class PulledBatch {

	private final String[] ids;

	private final boolean[] settled;

	private int remaining;

	PulledBatch(String[] ids) {
		this.ids = ids;
		this.settled = new boolean[ids.length];
		this.remaining = ids.length;
	}

	String id(int index) {
		return this.ids[index];
	}

	/**
	 * Marks one event settled.
	 * @param index its place in the batch
	 * @return how many events of the batch are left unsettled, or -1 when this one was
	 * settled before
	 */
	synchronized int settle(int index) {
		if (this.settled[index]) {
			return -1;
		}
		this.settled[index] = true;
		return --this.remaining;
	}

	/**
	 * @return how many events are not settled
	 */
	synchronized int remaining() {
		return this.remaining;
	}

	/**
	 * Marks every event settled and adds the ids of those that were not to a list.
	 * @param into where the ids go
	 */
	synchronized void settleRest(List<String> into) {
		for (int i = 0; i < this.ids.length; i++) {
			if (!this.settled[i]) {
				this.settled[i] = true;
				into.add(this.ids[i]);
			}
		}
		this.remaining = 0;
	}

}
