package dev.pipeline.kafka;

/**
 * The metadata keys of a message that came from Kafka, in
 * {@link dev.pipeline.core.Message#metadata()}. Every message has each of them but
 * {@link #KEY}, which is absent when the record has no key.
 *
 * @since 0.1.0
 */
public final class KafkaMetadata {

	/** The record's topic, a {@code String}. */
	public static final String TOPIC = "topic";

	/** The record's partition, an {@code Integer}. */
	public static final String PARTITION = "partition";

	/** The record's offset, a {@code Long}. */
	public static final String OFFSET = "offset";

	/** The record's key, a {@code byte[]}; absent when the record has no key. */
	public static final String KEY = "key";

	/** The record's timestamp in epoch milliseconds, a {@code Long}. */
	public static final String TIMESTAMP = "timestamp";

	/**
	 * The record's headers, a {@code Map<String, byte[]>}, empty when it has none; the
	 * last value of a repeated header wins.
	 */
	public static final String HEADERS = "headers";

	/**
	 * Which delivery of the record this is, an {@code Integer}: 1, then 2 on the first
	 * retry.
	 */
	public static final String DELIVERY_ATTEMPT = "delivery-attempt";

	/**
	 * How many times the broker delivered a record of a share group, an {@code Integer}:
	 * 1 for the first delivery, then 2... whichever consumer of the group had it before.
	 * Only records from {@code producer.kafka-share} carry it.
	 */
	public static final String DELIVERY_COUNT = "delivery-count";

	private KafkaMetadata() {
	}

}
