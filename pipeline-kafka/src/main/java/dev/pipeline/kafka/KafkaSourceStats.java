package dev.pipeline.kafka;

/**
 * What one Kafka source has done since it started, for the operator and for tests.
 *
 * @param emitted records handed to the pipeline, retries included
 * @param committedPartitions partitions currently assigned to this source
 * @param retried failed records handed to the pipeline again
 * @param deadLettered failed records published to a dead-letter topic
 * @param skipped failed records dropped ({@link KafkaFailureAction#SKIP})
 * @param releasedAtRevocation records still in flight when their partition was revoked or
 * lost, left for the partition's next owner
 * @param rebalances partition revocations and losses this source went through
 * @since 0.1.0
 */
public record KafkaSourceStats(long emitted, int committedPartitions, long retried, long deadLettered, long skipped,
		long releasedAtRevocation, long rebalances) {
}
