package dev.pipeline.core;

/**
 * How a message joins its batch.
 *
 * @since 0.1.0
 */
public enum BatchMode {

	/** The message waits in its batch until the batch is full or times out. */
	BULK,

	/**
	 * The batch that holds the message is emitted as soon as the chunk that brought it is
	 * handled.
	 */
	FLUSH

}
