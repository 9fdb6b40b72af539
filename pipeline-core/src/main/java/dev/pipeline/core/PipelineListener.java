package dev.pipeline.core;

import java.util.List;

/**
 * Sees what a pipeline does: its start and stop, each message and each batch handled, and
 * each group of messages acknowledged (Broadway's telemetry events). The hook for
 * metrics, tracing and an application's own dashboards; set with
 * {@link PipelineSpec.Builder#listener(PipelineListener)}.
 *
 * <table>
 * <caption>Events</caption>
 * <tr>
 * <th>event</th>
 * <th>when, and on which thread</th>
 * </tr>
 * <tr>
 * <td>{@link #pipelineStarted}</td>
 * <td>the sources have started, and the processors are about to; the thread that called
 * {@code start}</td>
 * </tr>
 * <tr>
 * <td>{@link #pipelineStopped}</td>
 * <td>a drain has ended (stop, restart); the thread that called {@code drain}</td>
 * </tr>
 * <tr>
 * <td>{@link #pipelineException}</td>
 * <td>a source could not start, so neither did the pipeline; the thread that called
 * {@code start}</td>
 * </tr>
 * <tr>
 * <td>{@link #messageStarted}, {@link #messageStopped}, {@link #messageException}</td>
 * <td>around the message handler, for each message; the processor's thread</td>
 * </tr>
 * <tr>
 * <td>{@link #messagesTimed}</td>
 * <td>a processor has handled a chunk: the handler time of each of its messages; the
 * processor's thread, just before {@link #chunkHandled}</td>
 * </tr>
 * <tr>
 * <td>{@link #chunkHandled}</td>
 * <td>a processor has handled a chunk of messages; the processor's thread</td>
 * </tr>
 * <tr>
 * <td>{@link #batchStarted}, {@link #batchStopped}, {@link #batchException}</td>
 * <td>around the batch handler, for each batch; the batch worker's thread</td>
 * </tr>
 * <tr>
 * <td>{@link #acknowledged}</td>
 * <td>a group of messages was settled at its source; the last stage's thread</td>
 * </tr>
 * </table>
 *
 * <p>
 * Every {@code …Started} is followed by exactly one {@code …Stopped} on the same thread;
 * when the handler threw, {@code …Exception} comes between them. The per-message events
 * are sent only to a listener that {@linkplain #observesMessages() observes messages}, so
 * a pipeline whose listeners do not spends nothing per message on events; processors time
 * each message only for a listener that {@linkplain #observesMessageTimes() observes
 * message times}, and hand it the times once per chunk; every other event is sent once
 * per chunk, batch or group. No event allocates: the {@link Worker} of a stage thread is
 * made once, when the pipeline starts.
 *
 * <p>
 * Implementations must be fast, thread-safe, and must not throw: the engine logs what
 * they throw and goes on.
 *
 * @since 0.1.0
 */
public interface PipelineListener {

	/** A listener that does nothing. */
	PipelineListener NONE = new PipelineListener() {
	};

	/**
	 * The pipeline is starting: its sources were started, and its processors are about to
	 * take their first messages. Comes before every other event of this run.
	 * @param spec the spec it runs
	 */
	default void pipelineStarted(PipelineSpec<?> spec) {
	}

	/**
	 * A drain has ended: the stages have stopped, and the sources too.
	 * @param pipeline the pipeline's name
	 * @param result how the drain went; when it did not complete, the messages left were
	 * released to the sources
	 */
	default void pipelineStopped(String pipeline, DrainResult result) {
	}

	/**
	 * The pipeline could not start, because a source could not.
	 * @param pipeline the pipeline's name
	 * @param error what the source threw
	 */
	default void pipelineException(String pipeline, Throwable error) {
	}

	/**
	 * Whether this listener observes each message, so the engine sends it
	 * {@link #messageStarted}, {@link #messageStopped} and {@link #messageException}. By
	 * default, whether its class overrides one of them (checked once, when a pipeline
	 * starts).
	 * @return whether to send the per-message events
	 */
	default boolean observesMessages() {
		return ListenerMethods.overridesMessageEvents(getClass());
	}

	/**
	 * A processor is about to run the message handler on a message.
	 * @param processor the processor
	 * @param message the message
	 */
	default void messageStarted(Worker processor, Message<?> message) {
	}

	/**
	 * The message handler has returned (or thrown, after {@link #messageException}).
	 * @param processor the processor
	 * @param result what the handler returned: the message, changed or failed; a failed
	 * copy of the given message when the handler threw or returned something unusable
	 * @param nanos how long the handler took
	 */
	default void messageStopped(Worker processor, Message<?> result, long nanos) {
	}

	/**
	 * The message handler threw; {@link #messageStopped} follows with the failed message.
	 * @param processor the processor
	 * @param message the message it was given
	 * @param error what it threw
	 * @param nanos how long the handler took
	 */
	default void messageException(Worker processor, Message<?> message, Throwable error, long nanos) {
	}

	/**
	 * Whether this listener wants the handler time of each message, so processors time
	 * each handler call and send {@link #messagesTimed} once per chunk. By default,
	 * whether its class overrides {@link #messagesTimed} (checked once, when a pipeline
	 * starts).
	 * @return whether processors time each message
	 */
	default boolean observesMessageTimes() {
		return ListenerMethods.overridesMessageTimes(getClass());
	}

	/**
	 * The handler time of each message of the chunk a processor has just handled, sent
	 * just before {@link #chunkHandled}. The array belongs to the processor and is reused
	 * for its next chunk: read it during the call and do not keep it. Messages that
	 * failed before the handler ran (the preparer) have no time.
	 * @param processor the processor
	 * @param nanos the handler times, in nanoseconds, in {@code nanos[0]} to
	 * {@code nanos[count - 1]}
	 * @param count how many times the array holds
	 */
	default void messagesTimed(Worker processor, long[] nanos, int count) {
	}

	/**
	 * A processor handled a chunk of messages (Broadway's processor start/stop pair, in
	 * one event).
	 * @param processor the processor
	 * @param messages how many messages the chunk held
	 * @param failed how many of them failed
	 * @param nanos how long the preparer and the handlers took
	 */
	default void chunkHandled(Worker processor, int messages, int failed, long nanos) {
	}

	/**
	 * A batch worker is about to run the batch handler.
	 * @param batchWorker the batch worker
	 * @param info the batch
	 */
	default void batchStarted(Worker batchWorker, BatchInfo info) {
	}

	/**
	 * The batch handler has returned (or thrown, after {@link #batchException}), and the
	 * outcome of each message is known.
	 * @param batchWorker the batch worker
	 * @param info the batch
	 * @param failed how many of its messages failed
	 * @param nanos how long the batch handler took
	 */
	default void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
	}

	/**
	 * The batch handler threw, or returned a list it must not (with {@code null} in it);
	 * every message of the batch fails, and {@link #batchStopped} follows.
	 * @param batchWorker the batch worker
	 * @param info the batch
	 * @param error what it threw, or what describes the malformed return
	 * @param nanos how long the batch handler took
	 */
	default void batchException(Worker batchWorker, BatchInfo info, Throwable error, long nanos) {
	}

	/**
	 * A group of messages was settled at its source, with one call to their acknowledger.
	 * Not sent for messages a timed-out drain released.
	 * @param pipeline the pipeline's name
	 * @param successful the messages acknowledged as successful
	 * @param failed the messages acknowledged as failed
	 */
	default void acknowledged(String pipeline, List<Message<?>> successful, List<Message<?>> failed) {
	}

	/**
	 * A stage thread: which pipeline, which stage, and which of its workers. Made once
	 * per thread when the pipeline starts, so events carry it without allocating.
	 *
	 * @param pipeline the pipeline's name
	 * @param stage the kind of stage ({@code PROCESSOR} or {@code BATCH_WORKER})
	 * @param name the stage's name: {@value PipelineSpec#PROCESSORS} for the processors,
	 * the batcher's name for its batch workers
	 * @param index the worker's index within the stage, from 0
	 */
	record Worker(String pipeline, StageStats.Kind stage, String name, int index) {
	}

}
