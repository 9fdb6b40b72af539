package dev.pipeline.boot.source;

import org.jspecify.annotations.Nullable;

/**
 * Where a pipeline's messages come from, in the words of OpenTelemetry's messaging
 * semantic conventions: the {@code messaging.system}, the
 * {@code messaging.destination.name} and, for Kafka, the
 * {@code messaging.consumer.group.name}. Decided once per pipeline, from its source, and
 * shared by every observation of the pipeline.
 *
 * @param system the messaging system: {@code kafka}, {@code rabbitmq},
 * {@code eventrelay}, {@code generator}, or {@code pipeline} for a source bean
 * @param destination the topics, queue or destination the source reads, or {@code null}
 * @param consumerGroup the consumer group, or {@code null} where there is none
 * @since 0.3.0
 */
public record PipelineMessaging(String system, @Nullable String destination, @Nullable String consumerGroup) {

	/** The system of a pipeline whose source is an application's bean. */
	public static final String OWN_SOURCE = "pipeline";

	/**
	 * Returns the messaging of a source that names only its system.
	 * @param system the messaging system
	 * @return the messaging, with no destination and no consumer group
	 */
	public static PipelineMessaging of(String system) {
		return new PipelineMessaging(system, null, null);
	}

}
