package dev.pipeline.boot.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of a batch's observation. A bean of this type
 * replaces {@link DefaultPipelineBatchObservationConvention} for every pipeline; it is
 * called on batch worker threads, for every observed batch, and must not throw.
 *
 * @since 0.3.0
 */
public interface PipelineBatchObservationConvention extends ObservationConvention<BatchObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof BatchObservationContext;
	}

	@Override
	default String getName() {
		return PipelineObservations.BATCH;
	}

}
