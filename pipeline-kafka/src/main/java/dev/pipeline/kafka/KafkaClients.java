package dev.pipeline.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * The thin seam between {@link KafkaSource} and a Kafka client library: it makes
 * consumers and publishes dead letters. {@link SpringKafkaClients} is the production
 * implementation; tests plug in Kafka's {@code MockConsumer}.
 *
 * <p>
 * {@link #createConsumer} is called from the thread that starts a pipeline;
 * {@link #publish} from a source's poll thread. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface KafkaClients {

	/**
	 * Creates a consumer that reads keys and values as bytes, with automatic commits off.
	 * @param groupId the consumer group
	 * @param clientIdSuffix distinguishes the consumers of one application
	 * @param overrides consumer properties that win over the application's own
	 * @return a new consumer, used by one thread at a time
	 */
	Consumer<byte[], byte[]> createConsumer(String groupId, String clientIdSuffix, Map<String, Object> overrides);

	/**
	 * Creates a share consumer (a member of a share group) that reads keys and values as
	 * bytes.
	 * @param groupId the share group
	 * @param clientIdSuffix distinguishes the consumers of one application
	 * @param overrides consumer properties that win over the application's own
	 * @return a new share consumer, used by one thread at a time
	 * @throws UnsupportedOperationException when these clients make no share consumers
	 * @since 0.2.0
	 */
	default ShareConsumer<byte[], byte[]> createShareConsumer(String groupId, String clientIdSuffix,
			Map<String, Object> overrides) {
		throw new UnsupportedOperationException(getClass().getName() + " makes no share consumers");
	}

	/**
	 * Publishes a dead letter.
	 * @param record the record to publish
	 * @return completes when the broker has the record, or exceptionally
	 */
	CompletableFuture<?> publish(ProducerRecord<byte[], byte[]> record);

	/**
	 * Returns the group id the application configured for its consumers, used when a
	 * pipeline names none.
	 * @return the group id, or {@code null}
	 */
	default @Nullable String defaultGroupId() {
		return null;
	}

}
