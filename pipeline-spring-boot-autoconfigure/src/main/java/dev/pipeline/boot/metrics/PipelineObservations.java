package dev.pipeline.boot.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import dev.pipeline.core.BatchHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Wraps message and batch handlers so each message, and each batch, is handled inside a
 * Micrometer {@link Observation} that is current (in scope) while the handler runs: a
 * tracing bridge's MDC ({@code traceId}, {@code spanId}) and
 * {@code ObservationRegistry#getCurrentObservation()} are visible in the handler.
 *
 * <ul>
 * <li>A message's observation ({@value #MESSAGE}) has a {@link MessageReceiverContext}: a
 * tracing handler continues the trace the message carries in its headers (AMQP, Kafka):
 * one CONSUMER span per message, child of the producer's span.</li>
 * <li>A batch's observation ({@value #BATCH}) has a {@link BatchObservationContext}
 * holding the contexts of its messages' observations, so
 * {@link PipelineBatchTracingObservationHandler} links the batch's span to each of
 * them.</li>
 * </ul>
 * Names, conventions and keys are documented by {@link PipelineObservation}; a
 * {@link PipelineMessageObservationConvention} or
 * {@link PipelineBatchObservationConvention} given here replaces the default one.
 *
 * <p>
 * The starter wraps the handlers of the pipelines whose observations are on (off by
 * default, as Spring Kafka's and Spring AMQP's listener observations are:
 * {@code pipeline.observations.enabled}, or per pipeline
 * {@code pipeline.pipelines.<name>.observations.enabled}). A pipeline whose observations
 * are off is not wrapped at all: no observation, no allocation per message. The wrappers
 * run on the engine's stage threads, like the handlers, and are thread-safe.
 *
 * @since 0.1.0
 */
public final class PipelineObservations {

	/** The name of a message's observation. */
	public static final String MESSAGE = "pipeline.message";

	/** The name of a batch's observation. */
	public static final String BATCH = "pipeline.batch";

	private static final String SUCCESS = "success";

	private static final String FAILURE = "failure";

	private final ObservationRegistry registry;

	private final @Nullable PipelineMessageObservationConvention messageConvention;

	private final @Nullable PipelineBatchObservationConvention batchConvention;

	/**
	 * The observation contexts of messages routed to a batcher, by the message's origin,
	 * until their batch is handled; weak, so that messages never batched (released on a
	 * drain) are not held. A context kept here has let go of its message, so it does not
	 * keep its own key reachable.
	 */
	private final Map<Message<?>, Observation.ContextView> routed = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * Creates the decorator with the default conventions.
	 * @param registry where observations go
	 */
	public PipelineObservations(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * Creates the decorator.
	 * @param registry where observations go
	 * @param messageConvention replaces the default convention of message observations,
	 * or {@code null}
	 * @param batchConvention replaces the default convention of batch observations, or
	 * {@code null}
	 * @since 0.3.0
	 */
	public PipelineObservations(ObservationRegistry registry,
			@Nullable PipelineMessageObservationConvention messageConvention,
			@Nullable PipelineBatchObservationConvention batchConvention) {
		this.registry = registry;
		this.messageConvention = messageConvention;
		this.batchConvention = batchConvention;
	}

	/**
	 * Returns a spec whose message handler and batch handlers are wrapped.
	 * @param spec the spec
	 * @param messaging where the pipeline's messages come from
	 * @param <T> the type of the data
	 * @return the spec to run
	 * @since 0.3.0
	 */
	public <T> PipelineSpec<T> observe(PipelineSpec<T> spec, PipelineMessaging messaging) {
		PipelineSpec.Builder<T> builder = spec.toBuilder()
			.onMessage(decorate(spec.name(), messaging, spec.messageHandler()));
		for (BatcherSettings<T> batcher : spec.batchers()) {
			builder.batcher(batcher.name(),
					(b) -> b.handler(decorate(spec.name(), messaging, batcher.name(), batcher.handler())));
		}
		return builder.build();
	}

	/**
	 * Wraps a message handler of a pipeline whose source is not described.
	 * @param pipeline the pipeline's name
	 * @param handler the handler
	 * @param <T> the type of the data
	 * @return a handler that observes each message
	 */
	public <T> MessageHandler<T> decorate(String pipeline, MessageHandler<T> handler) {
		return decorate(pipeline, PipelineMessaging.of(PipelineMessaging.OWN_SOURCE), handler);
	}

	/**
	 * Wraps a message handler.
	 * @param pipeline the pipeline's name
	 * @param messaging where the pipeline's messages come from
	 * @param handler the handler
	 * @param <T> the type of the data
	 * @return a handler that observes each message
	 * @since 0.3.0
	 */
	public <T> MessageHandler<T> decorate(String pipeline, PipelineMessaging messaging, MessageHandler<T> handler) {
		PipelineKeyValues keys = DefaultPipelineMessageObservationConvention.keys(pipeline, messaging);
		return (message) -> {
			Observation observation = PipelineObservation.MESSAGE.observation(this.messageConvention,
					DefaultPipelineMessageObservationConvention.INSTANCE, () -> {
						MessageReceiverContext created = new MessageReceiverContext(pipeline, messaging, message);
						created.keys = keys;
						return created;
					}, this.registry);
			if (observation.isNoop()) {
				return handler.handle(message);
			}
			MessageReceiverContext context = (MessageReceiverContext) observation.getContext();
			observation.start();
			Observation.Scope scope = observation.openScope();
			boolean routedToBatcher = false;
			try {
				Message<T> result = handler.handle(message);
				context.setOutcome((result == null || result.isFailed()) ? FAILURE : SUCCESS);
				routedToBatcher = result != null && result.batcher() != null;
				return result;
			}
			catch (Exception ex) {
				context.setOutcome(FAILURE);
				observation.error(ex);
				throw ex;
			}
			finally {
				scope.close();
				observation.stop();
				if (routedToBatcher) {
					context.releaseMessage();
					this.routed.put(message.origin(), context);
				}
			}
		};
	}

	/**
	 * Wraps a batch handler of a pipeline whose source is not described.
	 * @param pipeline the pipeline's name
	 * @param batcher the batcher's name
	 * @param handler the handler
	 * @param <T> the type of the data
	 * @return a handler that observes each batch
	 */
	public <T> BatchHandler<T> decorate(String pipeline, String batcher, BatchHandler<T> handler) {
		return decorate(pipeline, PipelineMessaging.of(PipelineMessaging.OWN_SOURCE), batcher, handler);
	}

	/**
	 * Wraps a batch handler.
	 * @param pipeline the pipeline's name
	 * @param messaging where the pipeline's messages come from
	 * @param batcher the batcher's name
	 * @param handler the handler
	 * @param <T> the type of the data
	 * @return a handler that observes each batch
	 * @since 0.3.0
	 */
	public <T> BatchHandler<T> decorate(String pipeline, PipelineMessaging messaging, String batcher,
			BatchHandler<T> handler) {
		return (batch, info) -> {
			List<Observation.ContextView> messageContexts = messageContexts(batch);
			Observation observation = PipelineObservation.BATCH.observation(this.batchConvention,
					DefaultPipelineBatchObservationConvention.INSTANCE,
					() -> new BatchObservationContext(pipeline, messaging, info, batch, messageContexts),
					this.registry);
			if (observation.isNoop()) {
				return handler.handle(batch, info);
			}
			BatchObservationContext context = (BatchObservationContext) observation.getContext();
			observation.start();
			Observation.Scope scope = observation.openScope();
			try {
				List<Message<T>> result = handler.handle(batch, info);
				context.setOutcome(anyFailed(result, info) ? FAILURE : SUCCESS);
				return result;
			}
			catch (Exception ex) {
				context.setOutcome(FAILURE);
				observation.error(ex);
				throw ex;
			}
			finally {
				scope.close();
				observation.stop();
			}
		};
	}

	private <T> List<Observation.ContextView> messageContexts(List<Message<T>> batch) {
		if (this.routed.isEmpty()) {
			return List.of();
		}
		List<Observation.ContextView> contexts = new ArrayList<>(batch.size());
		for (Message<T> message : batch) {
			Observation.ContextView context = this.routed.remove(message.origin());
			if (context != null) {
				contexts.add(context);
			}
		}
		return contexts;
	}

	private static <T> boolean anyFailed(List<Message<T>> result, BatchInfo info) {
		if (result.size() != info.size()) {
			return true;
		}
		for (Message<T> message : result) {
			if (message.isFailed()) {
				return true;
			}
		}
		return false;
	}

}
