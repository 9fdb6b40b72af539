package dev.pipeline.kafka;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;

/**
 * The validated settings of one pipeline's Kafka sources, made once by
 * {@link KafkaSources#create} from {@link KafkaSourceProperties}.
 *
 * @param description what the source reads, for the operator
 * @param topics the topics
 * @param groupId the consumer group
 * @param failureAction what happens to a record whose retries are spent
 * @param deadLetterTopic the dead-letter topic, or {@code null} for {@code <topic>.DLT}
 * @param retry whether, and after which delays, a failed record is handled again
 * @param reconnect the delays between polls after the consumer failed, and between
 * attempts to publish a dead letter
 * @param commitInterval the longest time between commits, in nanoseconds
 * @param commitCount settled records that trigger a commit
 * @param maxPollRecords records per poll
 * @param revocationTimeout how long a revoked partition waits for its records, in
 * nanoseconds
 * @param ordering the ordering mode; an ordered mode gives each message its partition as
 * batch key
 */
record KafkaSourceSettings(String description, List<String> topics, String groupId, KafkaFailureAction failureAction,
		@Nullable String deadLetterTopic, RetryPolicy retry, BackOff reconnect, long commitInterval, int commitCount,
		int maxPollRecords, long revocationTimeout, KafkaOrdering ordering) {

	/** How long a poll waits for records when the source wants some. */
	static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

	/**
	 * How long a poll waits when every partition is paused, only to stay in the group.
	 */
	static final Duration IDLE_POLL_TIMEOUT = Duration.ofMillis(5);

	/**
	 * How often a source with paused partitions still polls (rebalances run in a poll).
	 */
	static final long IDLE_POLL_INTERVAL = Duration.ofMillis(100).toNanos();

	/**
	 * How long demand too small to be worth a wake-up waits for more before the poll
	 * thread uses it anyway.
	 */
	static final long PARTIAL_DEMAND_WAIT = Duration.ofMillis(1).toNanos();

	/**
	 * How many polls' worth of records a poll thread gathers, while full polls come and
	 * the demand covers them, before it hands them over at once; also how many polls'
	 * worth the processors hold by default ({@link KafkaSourcePlan#defaultMaxDemand}).
	 */
	static final int GATHERED_POLLS = 4;

	/** The longest time the final commit of a partition may take. */
	static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

	/** The longest time closing the consumer may take. */
	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	String deadLetterTopicFor(String topic) {
		return (this.deadLetterTopic != null) ? this.deadLetterTopic : topic + ".DLT";
	}

}
