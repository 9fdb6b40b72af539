package dev.pipeline.kafka;

import java.util.function.Function;

import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * Which Kafka records a pipeline handles one at a time, in offset order. Each mode is a
 * key function for the pipeline's processors: the auto-configuration installs
 * {@link #partitionKey()} as {@code processors(p -> p.orderBy(...))}, so records with the
 * same key are handled one at a time, in the order the source emitted them. A key is not
 * pinned to one processor: it stays on a processor only while that processor has records
 * of it in flight, and otherwise goes to the least loaded one, so keys or partitions that
 * hash unevenly still spread over the processors.
 *
 * <p>
 * In {@link #PARTITION} and {@link #KEY} modes the source also gives each message its
 * partition (a {@code TopicPartition}) as batch key, so a partition's records go to a
 * batcher in batches of their own, on one batch worker, and what the mode keeps in order
 * stays in order up to the batch handler; a batch key the handler sets replaces it.
 *
 * <p>
 * The functions read the message's {@linkplain KafkaMetadata metadata}, so they work for
 * messages whose data a handler has converted.
 *
 * @since 0.1.0
 */
public enum KafkaOrdering {

	/**
	 * The records of one partition are handled one at a time, in offset order; different
	 * partitions in parallel. Parallelism is at most the number of partitions.
	 */
	PARTITION {
		@Override
		public <T> Function<Message<T>, Object> partitionKey() {
			return KafkaOrdering::partitionOf;
		}
	},

	/**
	 * The records with the same key are handled one at a time, in offset order; different
	 * keys in parallel, beyond the number of partitions. Records without a key are kept
	 * in order per partition.
	 */
	KEY {
		@Override
		public <T> Function<Message<T>, Object> partitionKey() {
			return (message) -> {
				Object key = message.metadata().get(KafkaMetadata.KEY);
				return (key instanceof byte[] bytes) ? bytes : partitionOf(message);
			};
		}
	},

	/** Any record at any time, on any processor: the most parallelism, no order. */
	NONE {
		@Override
		public <T> @Nullable Function<Message<T>, Object> partitionKey() {
			return null;
		}
	};

	/**
	 * Returns the processors' order-by function for this mode: the key of the records
	 * that must stay in order.
	 * @param <T> the pipeline's data type
	 * @return the function, or {@code null} when records need no order
	 */
	public abstract <T> @Nullable Function<Message<T>, Object> partitionKey();

	private static <T> Object partitionOf(Message<T> message) {
		if (message.metadata() instanceof KafkaDelivery delivery) {
			// The source's own metadata: the same key, made once per assignment
			return delivery.owner().orderKey;
		}
		return keyOf(message.metadata().get(KafkaMetadata.TOPIC), message.metadata().get(KafkaMetadata.PARTITION));
	}

	static Integer keyOf(@Nullable Object topic, @Nullable Object partition) {
		int topicHash = (topic != null) ? topic.hashCode() : 0;
		return 31 * topicHash + ((partition instanceof Integer p) ? p : 0);
	}

}
