package dev.pipeline.core;

import org.jspecify.annotations.Nullable;

/**
 * The status of a {@link Message}: ok, or failed with a reason.
 *
 * @since 0.1.0
 */
public sealed interface MessageStatus {

	/** The status of a message that has not failed. */
	MessageStatus OK = new Ok();

	/** The status of a message that has not failed. */
	record Ok() implements MessageStatus {
	}

	/**
	 * The status of a failed message.
	 *
	 * @param reason why it failed, a sentence
	 * @param cause the exception that failed it, if any
	 */
	record Failed(String reason, @Nullable Throwable cause) implements MessageStatus {
	}

}
