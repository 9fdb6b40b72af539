package dev.pipeline.boot.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of a message's observation. A bean of this type
 * replaces {@link DefaultPipelineMessageObservationConvention} for every pipeline; it is
 * called on processor threads, for every observed message, and must not throw.
 *
 * @since 0.3.0
 */
public interface PipelineMessageObservationConvention extends ObservationConvention<MessageReceiverContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof MessageReceiverContext;
	}

	@Override
	default String getName() {
		return PipelineObservations.MESSAGE;
	}

}
