package dev.pipeline.kafka;

/**
 * What a share-group source does with a record that failed: the acknowledgement it sends
 * the broker.
 *
 * @since 0.2.0
 */
public enum ShareFailureAction {

	/**
	 * Acknowledge with {@code RELEASE}: the broker delivers the record again, to this or
	 * another consumer of the group, with its delivery count raised; at the broker's
	 * {@code group.share.delivery.count.limit} (5 by default) it archives the record.
	 */
	RELEASE,

	/**
	 * Acknowledge with {@code REJECT}: the broker archives the record, which is not
	 * delivered again.
	 */
	REJECT,

	/**
	 * Publish the record to the dead-letter topic, then acknowledge it with
	 * {@code ACCEPT}; when the dead letter cannot be published, acknowledge with
	 * {@code RELEASE} so the record comes back.
	 */
	DEAD_LETTER

}
