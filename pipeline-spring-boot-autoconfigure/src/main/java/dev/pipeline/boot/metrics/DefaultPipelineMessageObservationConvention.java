package dev.pipeline.boot.metrics;

import dev.pipeline.boot.metrics.PipelineObservation.MessageKeys;
import dev.pipeline.boot.metrics.PipelineObservation.PipelineKeys;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.common.KeyValues;

/**
 * The default convention of a message's observation: named
 * {@value PipelineObservations#MESSAGE}, span {@code <pipeline> process}, with the keys
 * {@link PipelineObservation#MESSAGE} documents. Stateless; extend it (it is not final)
 * to add keys.
 *
 * @since 0.3.0
 */
public class DefaultPipelineMessageObservationConvention implements PipelineMessageObservationConvention {

	/** The shared instance. */
	public static final DefaultPipelineMessageObservationConvention INSTANCE = new DefaultPipelineMessageObservationConvention();

	/** The stage of a message's observation. */
	static final String PROCESSOR = "processor";

	@Override
	public KeyValues getLowCardinalityKeyValues(MessageReceiverContext context) {
		PipelineKeyValues keys = context.keys;
		if (keys == null) {
			keys = keys(context.getPipeline(), context.getMessaging());
		}
		return keys.with(context.getOutcome());
	}

	static PipelineKeyValues keys(String pipeline, PipelineMessaging messaging) {
		return new PipelineKeyValues(PipelineKeyValues.messaging(messaging)
			.and(PipelineKeys.PIPELINE.withValue(pipeline), PipelineKeys.STAGE.withValue(PROCESSOR),
					PipelineKeys.BATCHER.withValue(PipelineMetrics.NO_BATCHER)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(MessageReceiverContext context) {
		String id = context.getMessageId();
		return (id != null) ? KeyValues.of(MessageKeys.MESSAGE_ID.withValue(id)) : KeyValues.empty();
	}

	@Override
	public String getContextualName(MessageReceiverContext context) {
		return context.getPipeline() + " " + PipelineKeyValues.PROCESS;
	}

}
