package dev.pipeline.kafka;

/**
 * What happens to a record that failed, once its retries are spent. Either way its
 * partition moves on: the record's offset counts as settled.
 *
 * @since 0.1.0
 */
public enum KafkaFailureAction {

	/**
	 * Publish the record to the dead-letter topic, with headers that name the original
	 * topic, partition and offset and the reason; the offset is settled once the broker
	 * has it.
	 */
	DEAD_LETTER,

	/** Log the failure and settle the offset: the record is dropped. */
	SKIP

}
