package dev.pipeline.kafka;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

/**
 * The validated settings of one pipeline's share-group sources, made by
 * {@link KafkaShareSources#create}.
 *
 * @param description what the source reads, for the operator
 * @param topics the topics
 * @param groupId the share group
 * @param onFailure what happens to a failed record
 * @param maxDeliveries the delivery count at which a failed record is rejected or
 * dead-lettered
 * @param deadLetterTopic the dead-letter topic, or {@code null} for {@code <topic>.DLT}
 * @param maxPollRecords records per poll
 * @param acknowledgeInterval the longest wait before acknowledgements are sent, in
 * nanoseconds
 * @param reconnect the delays between polls after the consumer failed
 */
record KafkaShareSettings(String description, List<String> topics, String groupId, ShareFailureAction onFailure,
		int maxDeliveries, @Nullable String deadLetterTopic, int maxPollRecords, long acknowledgeInterval,
		BackOff reconnect) {

	/** How long a poll waits for records when the source wants some. */
	static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

	/** How long the poll thread sleeps when it has nothing to do. */
	static final long IDLE_WAIT = Duration.ofMillis(100).toNanos();

	/** When to renew held records' locks before the client knows the lock duration. */
	static final long DEFAULT_RENEW_AFTER = Duration.ofSeconds(15).toNanos();

	/** How many polls a renewal may take to get the renewed records back. */
	static final int RENEW_POLLS = 10;

	/** The longest time the last acknowledgements and closing the consumer may take. */
	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	String deadLetterTopicFor(String topic) {
		return (this.deadLetterTopic != null) ? this.deadLetterTopic : topic + ".DLT";
	}

	/**
	 * Decides what a failure becomes, without a per-message choice.
	 * @param deliveryCount the record's delivery count
	 * @return the action
	 */
	ShareFailureAction onFailure(int deliveryCount) {
		if (this.onFailure == ShareFailureAction.RELEASE || deliveryCount >= this.maxDeliveries) {
			return this.onFailure;
		}
		return ShareFailureAction.RELEASE;
	}

}
