package dev.pipeline.boot.metrics;

import java.util.List;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one batch handled by a batch worker. Besides the batch, it
 * carries the contexts of the observations of the batch's messages (those the processors
 * made, where they were observed), so a tracing handler links the batch's span to each
 * message's span ({@link PipelineBatchTracingObservationHandler}): a batch is a fan-in,
 * and has no single parent among its messages.
 *
 * <p>
 * Made by {@link PipelineObservations} on the batch worker's thread; conventions and
 * handlers read it on that thread.
 *
 * @since 0.3.0
 */
public final class BatchObservationContext extends Observation.Context {

	private final String pipeline;

	private final PipelineMessaging messaging;

	private final BatchInfo info;

	private final List<? extends Message<?>> messages;

	private final List<Observation.ContextView> messageContexts;

	private @Nullable String outcome;

	/**
	 * Creates the context.
	 * @param pipeline the pipeline's name
	 * @param messaging where the pipeline's messages come from
	 * @param info the batch
	 * @param messages the batch's messages
	 * @param messageContexts the contexts of the messages' observations, in the order of
	 * the messages that have one
	 */
	public BatchObservationContext(String pipeline, PipelineMessaging messaging, BatchInfo info,
			List<? extends Message<?>> messages, List<Observation.ContextView> messageContexts) {
		this.pipeline = pipeline;
		this.messaging = messaging;
		this.info = info;
		this.messages = messages;
		this.messageContexts = messageContexts;
	}

	/**
	 * @return the pipeline's name
	 */
	public String getPipeline() {
		return this.pipeline;
	}

	/**
	 * @return where the pipeline's messages come from
	 */
	public PipelineMessaging getMessaging() {
		return this.messaging;
	}

	/**
	 * @return the batch: batcher, key, partition, size and trigger
	 */
	public BatchInfo getInfo() {
		return this.info;
	}

	/**
	 * @return the batch's messages
	 */
	public List<? extends Message<?>> getMessages() {
		return this.messages;
	}

	/**
	 * @return the contexts of the observations of the batch's messages; empty when the
	 * messages were not observed
	 */
	public List<Observation.ContextView> getMessageContexts() {
		return this.messageContexts;
	}

	/**
	 * @return {@code success} or {@code failure} once the handler returned, else
	 * {@code null}
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
