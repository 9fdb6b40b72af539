package dev.pipeline.boot.kafka;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Makes the Kafka sources of a pipeline from its validated settings.
 *
 * <p>
 * The starter calls {@link #create} for a pipeline whose YAML names
 * {@code producer.kafka}, with {@link SpringKafkaClients} over the application's own
 * {@code ConsumerFactory} and {@code ProducerFactory}, and installs the result with
 * {@link KafkaSourcePlan#applyTo}: {@code producer.concurrency} consumers and, for the
 * ordering mode, the processors' order-by function.
 *
 * @since 0.1.0
 */
public final class KafkaSources {

	private KafkaSources() {
	}

	/**
	 * Validates the settings and makes the pipeline's sources.
	 * @param pipeline the pipeline's name, for error messages
	 * @param properties the settings under {@code producer.kafka}
	 * @param concurrency the number of consumers, {@code producer.concurrency}
	 * @param clients makes consumers and publishes dead letters
	 * @return the sources and the order-by function of the ordering mode
	 * @throws IllegalArgumentException naming the key, the value and the fix when a
	 * setting is invalid
	 */
	public static KafkaSourcePlan create(String pipeline, KafkaSourceProperties properties, int concurrency,
			KafkaClients clients) {
		String prefix = "pipeline.pipelines." + pipeline + ".producer.kafka.";
		List<String> topics = properties.getTopics();
		if (topics == null || topics.isEmpty() || topics.stream().anyMatch((t) -> t == null || t.isBlank())) {
			throw invalid(prefix + "topics", topics, "must name at least one topic",
					"set the topics to consume, e.g. 'topics: orders'");
		}
		String groupId = properties.getGroupId();
		if (groupId == null || groupId.isBlank()) {
			groupId = clients.defaultGroupId();
		}
		if (groupId == null || groupId.isBlank()) {
			throw new IllegalArgumentException("No consumer group for '" + prefix
					+ "group-id': neither it nor 'spring.kafka.consumer.group-id' is set. Action: set one of them.");
		}
		if (concurrency < 1) {
			throw invalid("pipeline.pipelines." + pipeline + ".producer.concurrency", concurrency, "must be 1 or more",
					"set a positive integer");
		}
		requirePositive(prefix + "commit-count", properties.getCommitCount());
		requirePositive(prefix + "max-poll-records", properties.getMaxPollRecords());
		if (properties.getRetries() < 0) {
			throw invalid(prefix + "retries", properties.getRetries(), "must be 0 or more",
					"set 0 to dead-letter or skip at the first failure");
		}
		requirePositive(prefix + "commit-interval", properties.getCommitInterval());
		requirePositive(prefix + "revocation-timeout", properties.getRevocationTimeout());
		requireNotNegative(prefix + "retry-backoff", properties.getRetryBackoff());
		requireNotNegative(prefix + "retry-max-backoff", properties.getRetryMaxBackoff());
		if (!(properties.getRetryBackoffMultiplier() >= 1.0)) {
			throw invalid(prefix + "retry-backoff-multiplier", properties.getRetryBackoffMultiplier(),
					"must be 1.0 or more", "set 1.0 for a fixed back-off");
		}
		String deadLetterTopic = properties.getDeadLetterTopic();
		if (deadLetterTopic != null && deadLetterTopic.isBlank()) {
			deadLetterTopic = null;
		}
		String description = "kafka: " + String.join(",", topics) + " (group " + groupId + ")";
		KafkaSourceSettings settings = new KafkaSourceSettings(description, List.copyOf(topics), groupId,
				properties.getOnFailure(), deadLetterTopic, properties.getRetries(),
				properties.getRetryBackoff().toNanos(), properties.getRetryBackoffMultiplier(),
				properties.getRetryMaxBackoff().toNanos(), properties.getCommitInterval().toNanos(),
				properties.getCommitCount(), properties.getMaxPollRecords(),
				properties.getRevocationTimeout().toNanos());
		return new KafkaSourcePlan(concurrency, properties.getOrdering(), settings, clients);
	}

	private static void requirePositive(String key, int value) {
		if (value < 1) {
			throw invalid(key, value, "must be 1 or more",
					"set a positive integer, or remove the key to use the default");
		}
	}

	private static void requirePositive(String key, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(key, value, "must be a positive duration",
					"set e.g. '1s', or remove the key to use the default");
		}
	}

	private static void requireNotNegative(String key, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw invalid(key, value, "must be zero or a positive duration",
					"set e.g. '1s', or remove the key to use the default");
		}
	}

	private static IllegalArgumentException invalid(String key, @Nullable Object value, String rule, String fix) {
		return new IllegalArgumentException(
				"Invalid value '" + value + "' for '" + key + "': " + rule + ". Action: " + fix + ".");
	}

}
