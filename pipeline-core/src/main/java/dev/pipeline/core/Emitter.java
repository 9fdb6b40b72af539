package dev.pipeline.core;

import java.util.List;

/**
 * Where a {@link Source} puts the messages it fetched. Given to the source by
 * {@link Source#start}.
 *
 * <p>
 * Thread-safe: a source may emit from any thread, including from inside
 * {@link Source#request(int)}. A source emits no more than was requested in total; when
 * it emits more, the emitting thread is held until the pipeline has room (this is how a
 * push source is back-pressured).
 *
 * <p>
 * WARNING: a source that emits more than requested from inside {@code request} blocks a
 * pipeline thread.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
public interface Emitter<T> {

	/**
	 * Hands one message to the pipeline.
	 * @param message the message
	 */
	void emit(Message<T> message);

	/**
	 * Hands several messages to the pipeline, in order; cheaper than one call each.
	 * @param messages the messages
	 */
	void emit(List<Message<T>> messages);

}
