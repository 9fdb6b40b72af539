package dev.pipeline.eventrelay;

import java.util.List;

import dev.pipeline.core.Message;
import dev.pipeline.eventrelay.grpc.Event;

/**
 * The events one pull handed to the pipeline, and which of them are not settled yet: the
 * pull's own list of events, a flag array and a count, so that settling an event costs no
 * hashing of its id and pulling one copies no id. Thread-safe: events of one batch are
 * settled from several stage threads.
 */
final class PulledBatch {

	private final List<Event> events;

	private final boolean[] settled;

	private int remaining;

	PulledBatch(List<Event> events) {
		this.events = events;
		this.settled = new boolean[events.size()];
		this.remaining = events.size();
	}

	String id(int index) {
		return this.events.get(index).getId();
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
		for (int i = 0; i < this.settled.length; i++) {
			if (!this.settled[i]) {
				this.settled[i] = true;
				into.add(this.events.get(i).getId());
			}
		}
		this.remaining = 0;
	}

}
