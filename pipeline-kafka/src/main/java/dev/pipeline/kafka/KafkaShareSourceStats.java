package dev.pipeline.kafka;

/**
 * What one share-group source has done since it started, for the operator and for tests.
 *
 * @param emitted records handed to the pipeline
 * @param accepted records acknowledged with {@code ACCEPT} (dead letters included)
 * @param released records acknowledged with {@code RELEASE}: failed, or acquired and not
 * handled when the source stopped
 * @param rejected records acknowledged with {@code REJECT}
 * @param deadLettered records published to a dead-letter topic
 * @param refused acknowledgements the broker refused, mostly because the record's
 * acquisition lock had expired and the record was delivered again
 * @param renewed lock renewals: records held for half their acquisition lock, by the
 * source or by the pipeline, whose locks were renewed (a record held long is counted once
 * per renewal)
 * @since 0.2.0
 */
public record KafkaShareSourceStats(long emitted, long accepted, long released, long rejected, long deadLettered,
		long refused, long renewed) {
}
