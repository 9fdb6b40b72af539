package dev.pipeline.boot.metrics;

import dev.pipeline.boot.metrics.PipelineObservation.MessagingKeys;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The low-cardinality keys of one stage of one pipeline, computed once (when a handler is
 * wrapped) so the default conventions hand Micrometer the same sorted {@link KeyValues}
 * for every observation, without building and sorting them per message: as started, and
 * as stopped with each outcome.
 */
final class PipelineKeyValues {

	/** The operation of both observations, in the messaging semantic conventions. */
	static final String PROCESS = "process";

	private final KeyValues started;

	private final KeyValues success;

	private final KeyValues failure;

	PipelineKeyValues(KeyValues started) {
		this.started = started;
		this.success = started.and(PipelineObservation.PipelineKeys.OUTCOME.withValue("success"));
		this.failure = started.and(PipelineObservation.PipelineKeys.OUTCOME.withValue("failure"));
	}

	/**
	 * Returns the keys for an outcome.
	 * @param outcome {@code success}, {@code failure} or {@code null} while the handler
	 * runs
	 * @return the keys
	 */
	KeyValues with(@Nullable String outcome) {
		if (outcome == null) {
			return this.started;
		}
		return switch (outcome) {
			case "success" -> this.success;
			case "failure" -> this.failure;
			default -> this.started.and(PipelineObservation.PipelineKeys.OUTCOME.withValue(outcome));
		};
	}

	static KeyValues messaging(PipelineMessaging messaging) {
		KeyValues keys = KeyValues.of(MessagingKeys.SYSTEM.withValue(messaging.system()),
				MessagingKeys.OPERATION_TYPE.withValue(PROCESS), MessagingKeys.OPERATION_NAME.withValue(PROCESS));
		if (messaging.destination() != null) {
			keys = keys.and(MessagingKeys.DESTINATION_NAME.withValue(messaging.destination()));
		}
		if (messaging.consumerGroup() != null) {
			keys = keys.and(MessagingKeys.CONSUMER_GROUP_NAME.withValue(messaging.consumerGroup()));
		}
		return keys;
	}

}
