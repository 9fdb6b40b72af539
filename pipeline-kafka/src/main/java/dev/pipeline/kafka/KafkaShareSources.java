package dev.pipeline.kafka;

import java.time.Duration;
import java.util.List;

import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.SettingKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

/**
 * Makes the share-group sources of a pipeline from its validated settings. The starter
 * calls {@link #create} for a pipeline whose YAML names {@code producer.kafka-share},
 * with {@link SpringKafkaClients} over the application's own {@code ConsumerFactory} and
 * {@code ProducerFactory}, and installs the result with
 * {@link KafkaShareSourcePlan#applyTo}.
 *
 * @since 0.2.0
 */
public final class KafkaShareSources {

	/** Records per poll when {@code max-poll-records} is not set. */
	public static final int DEFAULT_MAX_POLL_RECORDS = 100;

	/** The highest delivery count a broker can be configured to allow. */
	static final int BROKER_DELIVERY_LIMIT_MAX = 10;

	private static final String PREFIX = "producer.kafka-share.";

	private KafkaShareSources() {
	}

	/**
	 * Validates the settings and makes the pipeline's sources.
	 * @param pipeline the pipeline's name, for error messages
	 * @param properties the settings under {@code producer.kafka-share}
	 * @param concurrency the number of share consumers, {@code producer.concurrency}
	 * @param clients makes share consumers and publishes dead letters
	 * @return the sources
	 * @throws PipelineConfigurationException naming the key, the value and the fix when a
	 * setting is invalid
	 */
	public static KafkaShareSourcePlan create(String pipeline, KafkaShareSourceProperties properties, int concurrency,
			KafkaClients clients) {
		return create(pipeline, properties, concurrency, clients, KafkaSources.defaultReconnect());
	}

	/**
	 * Validates the settings and makes the pipeline's share-group sources.
	 * @param pipeline the pipeline's name, for error messages
	 * @param properties the settings under {@code producer.kafka-share}
	 * @param concurrency the number of share consumers, {@code producer.concurrency}
	 * @param clients makes share consumers and publishes dead letters
	 * @param reconnect the delays between polls after the consumer failed; each failure
	 * after a poll that went well starts an execution, and a source whose execution stops
	 * stops polling
	 * @return the sources
	 * @throws PipelineConfigurationException naming the key, the value and the fix when a
	 * setting is invalid
	 */
	public static KafkaShareSourcePlan create(String pipeline, KafkaShareSourceProperties properties, int concurrency,
			KafkaClients clients, BackOff reconnect) {
		List<String> topics = properties.getTopics();
		if (topics == null || topics.isEmpty() || topics.stream().anyMatch((t) -> t == null || t.isBlank())) {
			throw invalid(pipeline, "topics", topics, "must name at least one topic",
					"Set the topics to consume, e.g. 'topics: orders'.");
		}
		String groupId = properties.getGroupId();
		if (groupId == null || groupId.isBlank()) {
			groupId = clients.defaultGroupId();
		}
		if (groupId == null || groupId.isBlank()) {
			String key = PREFIX + "group-id";
			throw PipelineConfigurationException.of(pipeline, List.of(key),
					"No share group for '" + PipelineConfigurationException.path(pipeline, key)
							+ "': neither it nor 'spring.kafka.consumer.group-id' is set.",
					"Set one of them.");
		}
		if (concurrency < 1) {
			throw PipelineConfigurationException.invalid(pipeline, SettingKeys.PRODUCER_CONCURRENCY, concurrency,
					"must be 1 or more", "Set a positive integer.");
		}
		ShareFailureAction onFailure = properties.getOnFailure();
		int maxDeliveries = properties.getMaxDeliveries();
		String maxDeliveriesKey = "max-deliveries";
		if (maxDeliveries < 1 || maxDeliveries > BROKER_DELIVERY_LIMIT_MAX) {
			throw invalid(pipeline, maxDeliveriesKey, maxDeliveries, "must be between 1 and 10",
					"Set at most the broker's group.share.delivery.count.limit (5 by default).");
		}
		if (onFailure == ShareFailureAction.RELEASE && maxDeliveries != 1) {
			throw invalid(pipeline, maxDeliveriesKey, maxDeliveries, "applies only to on-failure 'reject' or "
					+ "'dead-letter'; with 'release' the broker's group.share.delivery.count.limit ends redelivery",
					"Set on-failure to 'reject' or 'dead-letter', or remove max-deliveries.");
		}
		Integer maxPollRecords = properties.getMaxPollRecords();
		int perPoll = (maxPollRecords != null) ? maxPollRecords : DEFAULT_MAX_POLL_RECORDS;
		if (perPoll < 1) {
			throw invalid(pipeline, "max-poll-records", perPoll, "must be 1 or more",
					"Set a positive integer, or remove the key to follow the pipeline's demand.");
		}
		Duration interval = properties.getAcknowledgeInterval();
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw invalid(pipeline, "acknowledge-interval", interval, "must be a positive duration",
					"Set e.g. '100ms', or remove the key to use the default.");
		}
		String deadLetterTopic = properties.getDeadLetterTopic();
		if (deadLetterTopic != null && deadLetterTopic.isBlank()) {
			deadLetterTopic = null;
		}
		String description = "kafka-share: " + String.join(",", topics) + " (share group " + groupId + ")";
		KafkaShareSettings settings = new KafkaShareSettings(description, List.copyOf(topics), groupId, onFailure,
				maxDeliveries, deadLetterTopic, perPoll, interval.toNanos(), reconnect);
		return new KafkaShareSourcePlan(concurrency, settings, clients);
	}

	private static PipelineConfigurationException invalid(String pipeline, String key, @Nullable Object value,
			String rule, String fix) {
		return PipelineConfigurationException.invalid(pipeline, PREFIX + key, value, rule, fix);
	}

}
