package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a pipeline that consumes Kafka topics, bound by the starter under
 * {@code pipeline.pipelines.<name>.producer.kafka}. Connection settings are Spring Boot's
 * own {@code spring.kafka.*}; the number of consumers in this instance is the pipeline's
 * {@code producer.concurrency}.
 *
 * @since 0.1.0
 */
public class KafkaSourceProperties {

	/**
	 * Topics to consume.
	 */
	private List<String> topics = new ArrayList<>();

	/**
	 * Consumer group. When not set, 'spring.kafka.consumer.group-id' is used.
	 */
	private @Nullable String groupId;

	/**
	 * Which records are handled one at a time, in offset order: those of one partition,
	 * those with the same key, or none.
	 */
	private KafkaOrdering ordering = KafkaOrdering.PARTITION;

	/**
	 * What happens to a record that failed once its retries are spent.
	 */
	private KafkaFailureAction onFailure = KafkaFailureAction.DEAD_LETTER;

	/**
	 * Topic that failed records are published to. When not set, the record's own topic
	 * with the suffix '.DLT'.
	 */
	private @Nullable String deadLetterTopic;

	/**
	 * Longest time between offset commits while records are being acknowledged.
	 */
	private Duration commitInterval = Duration.ofSeconds(1);

	/**
	 * Number of records settled in offset order after which offsets are committed without
	 * waiting for the commit interval. Twice as many not confirmed by the broker make the
	 * consumer commit synchronously.
	 */
	private int commitCount = 5000;

	/**
	 * Most records one poll returns ('max.poll.records'), and so the most records a
	 * consumer holds beyond the pipeline's demand.
	 */
	private int maxPollRecords = 500;

	/**
	 * Longest time a revoked partition waits for its in-flight records to be acknowledged
	 * before it is given up; it should stay well below 'max.poll.interval.ms'.
	 */
	private Duration revocationTimeout = Duration.ofSeconds(10);

	public List<String> getTopics() {
		return this.topics;
	}

	public void setTopics(List<String> topics) {
		this.topics = topics;
	}

	public @Nullable String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(@Nullable String groupId) {
		this.groupId = groupId;
	}

	public KafkaOrdering getOrdering() {
		return this.ordering;
	}

	public void setOrdering(KafkaOrdering ordering) {
		this.ordering = ordering;
	}

	public KafkaFailureAction getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(KafkaFailureAction onFailure) {
		this.onFailure = onFailure;
	}

	public @Nullable String getDeadLetterTopic() {
		return this.deadLetterTopic;
	}

	public void setDeadLetterTopic(@Nullable String deadLetterTopic) {
		this.deadLetterTopic = deadLetterTopic;
	}

	public Duration getCommitInterval() {
		return this.commitInterval;
	}

	public void setCommitInterval(Duration commitInterval) {
		this.commitInterval = commitInterval;
	}

	public int getCommitCount() {
		return this.commitCount;
	}

	public void setCommitCount(int commitCount) {
		this.commitCount = commitCount;
	}

	public int getMaxPollRecords() {
		return this.maxPollRecords;
	}

	public void setMaxPollRecords(int maxPollRecords) {
		this.maxPollRecords = maxPollRecords;
	}

	public Duration getRevocationTimeout() {
		return this.revocationTimeout;
	}

	public void setRevocationTimeout(Duration revocationTimeout) {
		this.revocationTimeout = revocationTimeout;
	}

}
