package dev.pipeline.boot.metrics;

import dev.pipeline.boot.metrics.PipelineObservation.MessagingKeys;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.common.KeyValues;

/**
 * The messaging keys both default conventions share.
 */
final class PipelineKeyValues {

	/** The operation of both observations, in the messaging semantic conventions. */
	static final String PROCESS = "process";

	private PipelineKeyValues() {
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
