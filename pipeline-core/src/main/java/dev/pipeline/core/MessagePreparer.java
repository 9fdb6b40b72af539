package dev.pipeline.core;

import java.util.List;

/**
 * Prepares a chunk of messages in a processor before they are handled one by one, for
 * bulk look-ups: Broadway's {@code prepare_messages}.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
@FunctionalInterface
public interface MessagePreparer<T> {

	/**
	 * Prepares a chunk. Must return as many messages as it was given, in the same order.
	 * @param chunk the messages a processor took at once
	 * @return the prepared messages
	 * @throws Exception to fail every message of the chunk
	 */
	List<Message<T>> prepare(List<Message<T>> chunk) throws Exception;

}
