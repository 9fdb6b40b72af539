package dev.pipeline.kafka;

import java.time.Duration;
import java.util.List;

import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.SettingKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

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
		return create(pipeline, properties, concurrency, clients, RetryPolicy.withMaxRetries(0), defaultReconnect());
	}

	/**
	 * Returns the delays between polls after a consumer failed, when none are given: 1s,
	 * doubling up to 30s, each moved at random by up to 250ms, for as long as the source
	 * runs.
	 * @return Spring Framework's exponential back-off with those delays
	 */
	public static BackOff defaultReconnect() {
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
		backOff.setMaxInterval(30_000);
		backOff.setJitter(250);
		return backOff;
	}

	/**
	 * Validates the settings and makes the pipeline's sources.
	 * @param pipeline the pipeline's name, for error messages
	 * @param properties the settings under {@code producer.kafka}
	 * @param concurrency the number of consumers, {@code producer.concurrency}
	 * @param clients makes consumers and publishes dead letters
	 * @param retry whether a failed record is handled again, and after which delays: a
	 * failure with an exception is retried when {@link RetryPolicy#shouldRetry} says so,
	 * a failure without one always; each record's first failure starts an execution of
	 * the policy's {@link RetryPolicy#getBackOff() back-off}, and when it stops the
	 * record is dead-lettered or skipped
	 * @param reconnect the delays between polls after the consumer failed (a source whose
	 * execution stops stops polling), and between attempts to publish a dead letter
	 * @return the sources and the order-by function of the ordering mode
	 * @throws PipelineConfigurationException naming the key, the value and the fix when a
	 * setting is invalid
	 */
	public static KafkaSourcePlan create(String pipeline, KafkaSourceProperties properties, int concurrency,
			KafkaClients clients, RetryPolicy retry, BackOff reconnect) {
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
		requirePositive(pipeline, prefix + "commit-interval", properties.getCommitInterval());
		requirePositive(pipeline, prefix + "revocation-timeout", properties.getRevocationTimeout());
		String deadLetterTopic = properties.getDeadLetterTopic();
		if (deadLetterTopic != null && deadLetterTopic.isBlank()) {
			deadLetterTopic = null;
		}
		String description = "kafka: " + String.join(",", topics) + " (group " + groupId + ")";
		KafkaSourceSettings settings = new KafkaSourceSettings(description, List.copyOf(topics), groupId,
				properties.getOnFailure(), deadLetterTopic, retry, reconnect, properties.getCommitInterval().toNanos(),
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

	private static PipelineConfigurationException invalid(String pipeline, String key, @Nullable Object value,
			String rule, String fix) {
		return PipelineConfigurationException.invalid(pipeline, key, value, rule,
				Character.toUpperCase(fix.charAt(0)) + fix.substring(1) + ".");
	}

}
