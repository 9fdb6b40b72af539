package dev.pipeline.core;

import java.util.List;

/**
 * Sees failed messages before they are acknowledged as failed: Broadway's
 * {@code handle_failed}. Runs on the thread of the stage where the messages failed.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
@FunctionalInterface
public interface FailureHandler<T> {

	/**
	 * Sees failed messages. Return them, possibly changed (for example
	 * {@link Message#configureAck}); a message left out is still acknowledged as failed.
	 * @param failed the failed messages
	 * @return the messages to acknowledge as failed
	 * @throws Exception logged; the messages are acknowledged as failed all the same
	 */
	List<Message<T>> handle(List<Message<T>> failed) throws Exception;

}
