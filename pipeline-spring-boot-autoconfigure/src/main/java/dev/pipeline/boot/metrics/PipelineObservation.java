package dev.pipeline.boot.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of a pipeline, documented as Spring Kafka documents
 * {@code KafkaListenerObservation}: their names, default conventions and keys. The keys
 * follow OpenTelemetry's messaging semantic conventions ({@code messaging.*}), plus the
 * pipeline's own low-cardinality keys.
 *
 * @since 0.3.0
 */
public enum PipelineObservation implements ObservationDocumentation {

	/**
	 * One message handled by a processor: continues the trace the message carries.
	 */
	MESSAGE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipelineMessageObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return KeyName.merge(MessagingKeys.values(), PipelineKeys.values());
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { MessageKeys.MESSAGE_ID };
		}

	},

	/**
	 * One batch handled by a batch worker: a span of its own, linked to the spans of its
	 * messages.
	 */
	BATCH {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipelineBatchObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return KeyName.merge(MessagingKeys.values(), PipelineKeys.values(),
					new KeyName[] { BatchKeys.BATCH_TRIGGER });
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { BatchKeys.BATCH_MESSAGE_COUNT };
		}

	};

	/**
	 * Low-cardinality keys of the messaging semantic conventions.
	 */
	public enum MessagingKeys implements KeyName {

		/** The messaging system, for example {@code kafka} or {@code rabbitmq}. */
		SYSTEM {
			@Override
			public String asString() {
				return "messaging.system";
			}
		},

		/** The topics, queue or destination the source reads, when it has one. */
		DESTINATION_NAME {
			@Override
			public String asString() {
				return "messaging.destination.name";
			}

			@Override
			public boolean isRequired() {
				return false;
			}
		},

		/** The type of the operation: always {@code process}. */
		OPERATION_TYPE {
			@Override
			public String asString() {
				return "messaging.operation.type";
			}
		},

		/** The name of the operation: always {@code process}. */
		OPERATION_NAME {
			@Override
			public String asString() {
				return "messaging.operation.name";
			}
		},

		/** The Kafka consumer group. */
		CONSUMER_GROUP_NAME {
			@Override
			public String asString() {
				return "messaging.consumer.group.name";
			}

			@Override
			public boolean isRequired() {
				return false;
			}
		}

	}

	/**
	 * Low-cardinality keys of our own, the tags of the {@code pipeline.*} meters.
	 */
	public enum PipelineKeys implements KeyName {

		/** The pipeline's name. */
		PIPELINE {
			@Override
			public String asString() {
				return "pipeline";
			}
		},

		/** The stage: {@code processor} or {@code batch_worker}. */
		STAGE {
			@Override
			public String asString() {
				return "stage";
			}
		},

		/** The batcher, {@code none} for a processor. */
		BATCHER {
			@Override
			public String asString() {
				return "batcher";
			}
		},

		/** {@code success} or {@code failure}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/**
	 * High-cardinality keys of a message's observation.
	 */
	public enum MessageKeys implements KeyName {

		/**
		 * The message's id, when its source gives one (AMQP message id, EventRelay id).
		 */
		MESSAGE_ID {
			@Override
			public String asString() {
				return "messaging.message.id";
			}

			@Override
			public boolean isRequired() {
				return false;
			}
		}

	}

	/**
	 * Keys of a batch's observation.
	 */
	public enum BatchKeys implements KeyName {

		/** The number of messages in the batch (high cardinality). */
		BATCH_MESSAGE_COUNT {
			@Override
			public String asString() {
				return "messaging.batch.message_count";
			}
		},

		/**
		 * What emitted the batch: {@code size}, {@code bytes}, {@code timeout},
		 * {@code flush} or {@code drain} (low cardinality).
		 */
		BATCH_TRIGGER {
			@Override
			public String asString() {
				return "pipeline.batch.trigger";
			}
		}

	}

}
