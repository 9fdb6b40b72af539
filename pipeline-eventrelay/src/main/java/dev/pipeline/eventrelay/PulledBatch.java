package dev.pipeline.eventrelay;

import java.util.List;

import dev.pipeline.core.Message;

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
	 * Marks the events of a run of messages settled, as long as they belong to this
	 * batch, under one lock.
	 * @param messages the messages, whose acknowledgement data are {@link EventAck}s
	 * @param from where the run starts
	 * @return where the run ends: the first message of another batch, or the size
	 */
	synchronized int settleRun(List<Message<?>> messages, int from) {
		int i = from;
		for (int n = messages.size(); i < n; i++) {
			if (!(messages.get(i).ackData() instanceof EventAck ack) || ack.batch() != this) {
				break;
			}
			if (!this.settled[ack.index()]) {
				this.settled[ack.index()] = true;
				this.remaining--;
			}
		}
		return i;
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
