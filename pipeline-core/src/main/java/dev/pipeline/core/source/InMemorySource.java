package dev.pipeline.core.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * A source backed by an in-memory queue, for tests and demos: {@link #push} puts messages
 * in, and the pipeline takes them as it demands them, in order. Messages pushed while the
 * pipeline is paused, draining or stopped wait in the queue, as they would at a broker,
 * and are taken after the next start.
 *
 * <p>
 * Thread-safe. It may be started again after a stop (a pipeline restart).
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
public final class InMemorySource<T> implements Source<T> {

	private final String description;

	private final ArrayDeque<Message<T>> queue = new ArrayDeque<>();

	private @Nullable Emitter<T> emitter;

	private long demand;

	private boolean fetching;

	/** Creates an in-memory source. */
	public InMemorySource() {
		this("in-memory");
	}

	/**
	 * Creates an in-memory source.
	 * @param description how the operator sees it
	 */
	public InMemorySource(String description) {
		this.description = description;
	}

	/**
	 * Queues messages for the pipeline.
	 * @param messages the messages, taken in this order
	 */
	public void push(Collection<? extends Message<T>> messages) {
		synchronized (this) {
			this.queue.addAll(messages);
			emitDemanded();
		}
	}

	/**
	 * Queues one message.
	 * @param message the message
	 */
	public void push(Message<T> message) {
		push(List.of(message));
	}

	/**
	 * Queues data, each wrapped in a message with the given acknowledger.
	 * @param acknowledger settles the messages
	 * @param data the data
	 */
	public void pushData(Acknowledger acknowledger, Collection<? extends T> data) {
		List<Message<T>> messages = new ArrayList<>(data.size());
		for (T item : data) {
			messages.add(Message.of(item, acknowledger, null));
		}
		push(messages);
	}

	/**
	 * @return messages queued and not yet taken by the pipeline
	 */
	public synchronized int pending() {
		return this.queue.size();
	}

	@Override
	public synchronized void start(Emitter<T> emitter) {
		this.emitter = emitter;
		this.demand = 0;
		this.fetching = true;
	}

	@Override
	public synchronized void request(int count) {
		this.demand += count;
		emitDemanded();
	}

	@Override
	public synchronized void pause() {
		this.fetching = false;
	}

	@Override
	public synchronized void resume() {
		this.fetching = true;
		emitDemanded();
	}

	@Override
	public synchronized void stopFetching() {
		this.fetching = false;
	}

	@Override
	public synchronized void stop() {
		this.fetching = false;
		this.emitter = null;
	}

	@Override
	public String describe() {
		return this.description;
	}

	private void emitDemanded() {
		Emitter<T> target = this.emitter;
		if (target == null || !this.fetching || this.demand == 0 || this.queue.isEmpty()) {
			return;
		}
		int count = (int) Math.min(this.demand, this.queue.size());
		List<Message<T>> out = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			out.add(this.queue.pollFirst());
		}
		this.demand -= count;
		target.emit(out);
	}

}
