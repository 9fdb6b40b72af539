package dev.pipeline.boot.metrics;

import java.util.Locale;

import dev.pipeline.boot.metrics.PipelineObservation.BatchKeys;
import dev.pipeline.boot.metrics.PipelineObservation.PipelineKeys;
import io.micrometer.common.KeyValues;

/**
 * The default convention of a batch's observation: named
 * {@value PipelineObservations#BATCH}, span {@code <pipeline> <batcher> process}, with
 * the keys {@link PipelineObservation#BATCH} documents. Stateless; extend it (it is not
 * final) to add keys.
 *
 * @since 0.3.0
 */
public class DefaultPipelineBatchObservationConvention implements PipelineBatchObservationConvention {

	/** The shared instance. */
	public static final DefaultPipelineBatchObservationConvention INSTANCE = new DefaultPipelineBatchObservationConvention();

	/** The stage of a batch's observation. */
	static final String BATCH_WORKER = "batch_worker";

	@Override
	public KeyValues getLowCardinalityKeyValues(BatchObservationContext context) {
		KeyValues keys = PipelineKeyValues.messaging(context.getMessaging())
			.and(PipelineKeys.PIPELINE.withValue(context.getPipeline()), PipelineKeys.STAGE.withValue(BATCH_WORKER),
					PipelineKeys.BATCHER.withValue(context.getInfo().batcher()),
					BatchKeys.BATCH_TRIGGER.withValue(context.getInfo().trigger().name().toLowerCase(Locale.ROOT)));
		String outcome = context.getOutcome();
		return (outcome != null) ? keys.and(PipelineKeys.OUTCOME.withValue(outcome)) : keys;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(BatchObservationContext context) {
		return KeyValues.of(BatchKeys.BATCH_MESSAGE_COUNT.withValue(Integer.toString(context.getInfo().size())));
	}

	@Override
	public String getContextualName(BatchObservationContext context) {
		return context.getPipeline() + " " + context.getInfo().batcher() + " " + PipelineKeyValues.PROCESS;
	}

}
