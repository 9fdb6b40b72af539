package dev.pipeline.kafka;

import java.time.Duration;
import java.util.List;

import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.SettingKeys;
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
	 * @throws PipelineConfigurationException naming the key, the value and the fix when a
	 * setting is invalid
	 */
	public static KafkaSourcePlan create(String pipeline, KafkaSourceProperties properties, int concurrency,
			KafkaClients clients) {
		String prefix = "producer.kafka.";
		List<String> topics = properties.getTopics();
		if (topics == null || topics.isEmpty() || topics.stream().anyMatch((t) -> t == null || t.isBlank())) {
			throw invalid(pipeline, prefix + "topics", topics, "must name at least one topic",
					"set the topics to consume, e.g. 'topics: orders'");
		}
		String groupId = properties.getGroupId();
		if (groupId == null || groupId.isBlank()) {
			groupId = clients.defaultGroupId();
		}
		if (groupId == null || groupId.isBlank()) {
			String key = prefix + "group-id";
			throw PipelineConfigurationException.of(pipeline, List.of(key),
					"No consumer group for '" + PipelineConfigurationException.path(pipeline, key)
							+ "': neither it nor 'spring.kafka.consumer.group-id' is set.",
					"Set one of them.");
		}
		if (concurrency < 1) {
			throw invalid(pipeline, SettingKeys.PRODUCER_CONCURRENCY, concurrency, "must be 1 or more",
					"set a positive integer");
		}
		requirePositive(pipeline, prefix + "commit-count", properties.getCommitCount());
		requirePositive(pipeline, prefix + "max-poll-records", properties.getMaxPollRecords());
		if (properties.getRetries() < 0) {
			throw invalid(pipeline, prefix + "retries", properties.getRetries(), "must be 0 or more",
					"set 0 to dead-letter or skip at the first failure");
		}
		requirePositive(pipeline, prefix + "commit-interval", properties.getCommitInterval());
		requirePositive(pipeline, prefix + "revocation-timeout", properties.getRevocationTimeout());
		requireNotNegative(pipeline, prefix + "retry-backoff", properties.getRetryBackoff());
		requireNotNegative(pipeline, prefix + "retry-max-backoff", properties.getRetryMaxBackoff());
		if (!(properties.getRetryBackoffMultiplier() >= 1.0)) {
			throw invalid(pipeline, prefix + "retry-backoff-multiplier", properties.getRetryBackoffMultiplier(),
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
				properties.getRevocationTimeout().toNanos(), properties.getOrdering());
		return new KafkaSourcePlan(concurrency, properties.getOrdering(), settings, clients);
	}

	private static void requirePositive(String pipeline, String key, int value) {
		if (value < 1) {
			throw invalid(pipeline, key, value, "must be 1 or more",
					"set a positive integer, or remove the key to use the default");
		}
	}

	private static void requirePositive(String pipeline, String key, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(pipeline, key, value, "must be a positive duration",
					"set e.g. '1s', or remove the key to use the default");
		}
	}

	private static void requireNotNegative(String pipeline, String key, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw invalid(pipeline, key, value, "must be zero or a positive duration",
					"set e.g. '1s', or remove the key to use the default");
		}
	}

	private static PipelineConfigurationException invalid(String pipeline, String key, @Nullable Object value,
			String rule, String fix) {
		return PipelineConfigurationException.invalid(pipeline, key, value, rule,
				Character.toUpperCase(fix.charAt(0)) + fix.substring(1) + ".");
	}

}
