package dev.pipeline.core;

/**
 * Handles one message in a processor: Broadway's {@code handle_message}. Runs on a
 * processor thread; one processor handles one message at a time, different processors run
 * concurrently.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
@FunctionalInterface
public interface MessageHandler<T> {

	/**
	 * Handles one message. Return it, possibly changed (new data, routed to a batcher, a
	 * batch key, failed on purpose). Returning {@code null} fails the message.
	 * @param message the message
	 * @return the message as it goes on
	 * @throws Exception to fail this message only; the pipeline goes on
	 */
	Message<T> handle(Message<T> message) throws Exception;

}
