package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a pipeline that consumes Kafka topics as a member of a share group
 * (KIP-932), bound by the starter under
 * {@code pipeline.pipelines.<name>.producer.kafka-share}. Connection settings are Spring
 * Boot's own {@code spring.kafka.*}; the number of share consumers in this instance is
 * the pipeline's {@code producer.concurrency}.
 *
 * @since 0.2.0
 */
public class KafkaShareSourceProperties {

	/**
	 * Topics to consume.
	 */
	private List<String> topics = new ArrayList<>();

	/**
	 * Share group. When not set, 'spring.kafka.consumer.group-id' is used.
	 */
	private @Nullable String groupId;

	/**
	 * What happens to a record that failed: 'release' (delivered again, until the
	 * broker's delivery limit archives it), 'reject' (archived) or 'dead-letter'
	 * (published to the dead-letter topic, then accepted).
	 */
	private ShareFailureAction onFailure = ShareFailureAction.RELEASE;

	/**
	 * With 'reject' or 'dead-letter': the delivery count at which a failed record is
	 * rejected or dead-lettered; a record that fails on an earlier delivery is released
	 * and delivered again. 1 rejects or dead-letters at the first failure. At most the
	 * broker's 'group.share.delivery.count.limit' (5 by default), which archives the
	 * record first.
	 */
	private int maxDeliveries = 1;

	/**
	 * Topic that failed records are published to. When not set, the record's own topic
	 * with the suffix '.DLT'.
	 */
	private @Nullable String deadLetterTopic;

	/**
	 * Most records one poll acquires ('max.poll.records'). Every record of a poll is
	 * acknowledged before the next poll. When not set, the pipeline's demand per
	 * consumer: processors times max-demand, divided by producer.concurrency.
	 */
	private @Nullable Integer maxPollRecords;

	/**
	 * Longest time acknowledgements wait on the consumer before they are sent to the
	 * broker while a poll's records are still being handled.
	 */
	private Duration acknowledgeInterval = Duration.ofMillis(100);

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

	public ShareFailureAction getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(ShareFailureAction onFailure) {
		this.onFailure = onFailure;
	}

	public int getMaxDeliveries() {
		return this.maxDeliveries;
	}

	public void setMaxDeliveries(int maxDeliveries) {
		this.maxDeliveries = maxDeliveries;
	}

	public @Nullable String getDeadLetterTopic() {
		return this.deadLetterTopic;
	}

	public void setDeadLetterTopic(@Nullable String deadLetterTopic) {
		this.deadLetterTopic = deadLetterTopic;
	}

	public @Nullable Integer getMaxPollRecords() {
		return this.maxPollRecords;
	}

	public void setMaxPollRecords(@Nullable Integer maxPollRecords) {
		this.maxPollRecords = maxPollRecords;
	}

	public Duration getAcknowledgeInterval() {
		return this.acknowledgeInterval;
	}

	public void setAcknowledgeInterval(Duration acknowledgeInterval) {
		this.acknowledgeInterval = acknowledgeInterval;
	}

}
