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
 * With a rate limit, what a source emits beyond what it was asked for waits for the rate
 * limit too: the emitting thread is held until the next interval allows the messages, so
 * the limit holds for everything that leaves the producers.
 *
 * <p>
 * Once {@link Source#stopFetching()} has returned (a drain started), an emission is
 * refused: it throws {@link EmissionRefusedException}, and the source keeps the messages
 * and releases them to its broker. A source emitting while it is held (for room, or for
 * the rate limit) when its {@code stopFetching} returns gets the same refusal for the
 * messages not yet taken.
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
	 * @throws EmissionRefusedException if the pipeline no longer takes messages from this
	 * source
	 * @throws IllegalArgumentException if the message is {@code null}
	 */
	void emit(Message<T> message);

	/**
	 * Hands several messages to the pipeline, in order; cheaper than one call each.
	 * @param messages the messages
	 * @throws EmissionRefusedException if the pipeline no longer takes messages from this
	 * source; the exception names the messages it did not take
	 * @throws IllegalArgumentException if the list or one of its messages is
	 * {@code null}; then none is taken
	 */
	void emit(List<Message<T>> messages);

}
