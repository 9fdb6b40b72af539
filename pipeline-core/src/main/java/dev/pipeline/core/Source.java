package dev.pipeline.core;

import org.jspecify.annotations.Nullable;

/**
 * Where a pipeline's messages come from: a broker consumer, a generator, an in-memory
 * queue.
 *
 * <p>
 * The engine drives a source with demand, as GenStage does: {@link #request(int)} says
 * how many more messages the pipeline can take, and the source {@linkplain Emitter#emit
 * emits} at most that many in total, whenever it has them, from any thread. Demand is
 * never withdrawn. A source that pulls (a poll loop) fetches only what was requested; a
 * source that is pushed to (a broker's consumer) holds what it has not been asked for,
 * bounded by its own prefetch.
 *
 * <p>
 * Lifecycle, in this order, each called once from a lifecycle thread (never a stage
 * thread): {@link #start(Emitter)}, then any number of {@link #pause()}/{@link #resume()}
 * pairs, then {@link #stopFetching()} when the pipeline drains, then {@link #stop()}.
 * {@code request} is called from stage threads, concurrently, and must not block.
 *
 * @param <T> the type of the data it emits
 * @since 0.1.0
 */
public interface Source<T> {

	/**
	 * What {@link #linger()} returns when the source needs no processor to come back.
	 * @since 0.1.0
	 */
	long NO_LINGER = Long.MAX_VALUE;

	/**
	 * Starts the source. Called once, before any {@link #request(int)}.
	 * @param emitter where to put messages
	 * @throws Exception when the source cannot start; the pipeline does not start either
	 */
	void start(Emitter<T> emitter) throws Exception;

	/**
	 * Asks for {@code count} more messages. Must not block; may emit synchronously. The
	 * pipeline calls it from one thread at a time (demand asked meanwhile is added to the
	 * next call), so a pull source needs no lock against concurrent requests.
	 * @param count how many more messages the pipeline can take, at least 1
	 */
	void request(int count);

	/**
	 * Lets a source that holds what arrives for a moment, to hand it over in groups, lean
	 * on an idle processor instead of a timer thread of its own. A processor calls it
	 * when it has nothing left to handle, before it waits: the source hands over what is
	 * due (it may emit from this call, to the calling processor first) and returns the
	 * time, as {@link System#nanoTime()}, by which it wants that processor to call again;
	 * the processor then waits until that time at most, and calls again unless messages
	 * came meanwhile (it then handles them and {@linkplain #request asks} as usual, which
	 * the source may take as its call). {@link #NO_LINGER} means no call is needed: the
	 * processor waits for messages only. Called from processor threads, concurrently;
	 * must not block. Sources that hand over what they receive at once keep the default.
	 * @return when the calling processor should call again, or {@link #NO_LINGER}
	 * @since 0.1.0
	 */
	default long linger() {
		return NO_LINGER;
	}

	/**
	 * Stops taking new messages from the outside for a while (the pipeline was paused).
	 * Demand keeps accumulating; messages already emitted are processed.
	 */
	default void pause() {
	}

	/** Takes messages again after {@link #pause()}. */
	default void resume() {
	}

	/**
	 * Stops fetching for good, because the pipeline drains. When this method returns, the
	 * source emits nothing more; it may block until its in-flight deliveries are emitted.
	 */
	default void stopFetching() {
	}

	/**
	 * Stops the source and releases its resources. Messages it emitted that were not
	 * acknowledged by then are released back to the broker for redelivery (closing a
	 * channel does it for RabbitMQ; not committing does it for Kafka). Acknowledgements
	 * that arrive afterwards must be ignored.
	 */
	default void stop() {
	}

	/**
	 * Describes the source for the operator: its kind and what it reads, e.g.
	 * {@code rabbitmq: orders}.
	 * @return a short description
	 */
	default String describe() {
		return getClass().getSimpleName();
	}

	/**
	 * Returns whether the source is connected to its broker; sources without a broker
	 * always are.
	 * @return whether connected
	 */
	default boolean isConnected() {
		return true;
	}

	/**
	 * Returns what the source's broker holds for the pipeline, as last seen: called from
	 * any thread (a snapshot of the pipeline's figures), so it must return at once, with
	 * a value the source refreshed on its own thread at its own pace, never a call to the
	 * broker. Sources without a broker return {@code null}, as does a source that has not
	 * yet seen its broker.
	 * @return the backlog, or {@code null}
	 * @since 0.1.0
	 */
	default @Nullable SourceBacklog backlog() {
		return null;
	}

}
