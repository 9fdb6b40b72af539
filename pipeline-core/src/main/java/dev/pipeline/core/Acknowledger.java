package dev.pipeline.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Settles messages at their source: acknowledges successes, and handles failures as the
 * source is configured to (reject, requeue, dead-letter, commit past them).
 *
 * <p>
 * The engine calls {@link #acknowledge} once per group of messages that share this
 * acknowledger (compared by identity), after their last stage, from the thread of that
 * stage. Each message a source emitted reaches exactly one call, in either list, unless
 * the pipeline's drain ran out of time, in which case the message is
 * {@linkplain Source#stop() released} instead. Calls for different groups may run
 * concurrently on different threads; an implementation shared by several groups must be
 * thread-safe.
 *
 * <p>
 * An exception thrown by {@code acknowledge} is logged by the engine and does not stop
 * the pipeline; the source's own redelivery then decides what happens to those messages.
 *
 * @since 0.1.0
 */
public interface Acknowledger {

	/** An acknowledger that does nothing, for messages that need no settling. */
	Acknowledger NOOP = (successful, failed) -> {
	};

	/**
	 * Settles a group of messages.
	 * @param successful messages that went through every stage without failing
	 * @param failed messages that failed, each with a {@link MessageStatus.Failed} status
	 */
	void acknowledge(List<Message<?>> successful, List<Message<?>> failed);

	/**
	 * Returns new per-message acknowledgement data for an option, so one message can be
	 * settled differently from the source's defaults.
	 * @param ackData the message's current data
	 * @param option an option this acknowledger understands
	 * @return the new per-message data
	 * @throws UnsupportedOperationException if the option is not supported
	 */
	default @Nullable Object configure(@Nullable Object ackData, Object option) {
		throw new UnsupportedOperationException(
				getClass().getName() + " does not support per-message acknowledgement options (" + option + ")");
	}

}
