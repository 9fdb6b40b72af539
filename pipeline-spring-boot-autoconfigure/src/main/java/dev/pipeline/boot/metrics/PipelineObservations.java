package dev.pipeline.boot.metrics;

import java.util.List;

import dev.pipeline.core.BatchHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Wraps message and batch handlers so each message, and each batch, is handled inside a
 * Micrometer {@link Observation}. A message's observation has a
 * {@link MessageReceiverContext}, so a tracing handler continues the trace carried in the
 * message's headers (AMQP, Kafka): one span per message, child of the producer's span. A
 * batch's observation is a new span, current while the batch handler runs.
 *
 * <table>
 * <caption>Observations</caption>
 * <tr>
 * <th>name</th>
 * <th>low-cardinality keys</th>
 * <th>high-cardinality keys</th>
 * </tr>
 * <tr>
 * <td>{@value #MESSAGE}</td>
 * <td>{@code pipeline}, {@code stage} ({@code processor}), {@code batcher}
 * ({@code none}), {@code outcome} ({@code success}, {@code failure})</td>
 * <td>none</td>
 * </tr>
 * <tr>
 * <td>{@value #BATCH}</td>
 * <td>{@code pipeline}, {@code stage} ({@code batch_worker}), {@code batcher},
 * {@code outcome}</td>
 * <td>{@code batch.size}, {@code batch.trigger}</td>
 * </tr>
 * </table>
 *
 * <p>
 * The starter wraps the user's handlers when it builds a spec: {@code
 * onMessage(observations.decorate(name, handler))} and {@code batcher(b, (s) ->
 * s.handler(observations.decorate(name, b, handler)))}. The wrappers run on the engine's
 * stage threads, like the handlers; they add an observation (and its allocations) per
 * message, nothing when the registry is a no-op. Users switch them off with
 * {@code pipeline.observations.enabled=false}, or per name with
 * {@code management.observations.enable.pipeline=false}.
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

	/**
	 * Creates the decorator.
	 * @param registry where observations go
	 */
	public PipelineObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Wraps a message handler.
	 * @param pipeline the pipeline's name
	 * @param handler the handler
	 * @param <T> the type of the data
	 * @return a handler that observes each message
	 */
	public <T> MessageHandler<T> decorate(String pipeline, MessageHandler<T> handler) {
		return (message) -> {
			Observation observation = Observation
				.createNotStarted(MESSAGE, () -> new MessageReceiverContext(pipeline, message), this.registry)
				.contextualName(pipeline + " process")
				.lowCardinalityKeyValue("pipeline", pipeline)
				.lowCardinalityKeyValue("stage", "processor")
				.lowCardinalityKeyValue("batcher", PipelineMetrics.NO_BATCHER)
				.start();
			Observation.Scope scope = observation.openScope();
			try {
				Message<T> result = handler.handle(message);
				observation.lowCardinalityKeyValue("outcome",
						(result == null || result.isFailed()) ? FAILURE : SUCCESS);
				return result;
			}
			catch (Exception ex) {
				observation.lowCardinalityKeyValue("outcome", FAILURE);
				observation.error(ex);
				throw ex;
			}
			finally {
				scope.close();
				observation.stop();
			}
		};
	}

	/**
	 * Wraps a batch handler.
	 * @param pipeline the pipeline's name
	 * @param batcher the batcher's name
	 * @param handler the handler
	 * @param <T> the type of the data
	 * @return a handler that observes each batch
	 */
	public <T> BatchHandler<T> decorate(String pipeline, String batcher, BatchHandler<T> handler) {
		return (batch, info) -> {
			Observation observation = Observation.createNotStarted(BATCH, this.registry)
				.contextualName(pipeline + " " + batcher + " batch")
				.lowCardinalityKeyValue("pipeline", pipeline)
				.lowCardinalityKeyValue("stage", "batch_worker")
				.lowCardinalityKeyValue("batcher", batcher)
				.highCardinalityKeyValue("batch.size", Integer.toString(info.size()))
				.highCardinalityKeyValue("batch.trigger", info.trigger().name())
				.start();
			Observation.Scope scope = observation.openScope();
			try {
				List<Message<T>> result = handler.handle(batch, info);
				observation.lowCardinalityKeyValue("outcome", anyFailed(result, info) ? FAILURE : SUCCESS);
				return result;
			}
			catch (Exception ex) {
				observation.lowCardinalityKeyValue("outcome", FAILURE);
				observation.error(ex);
				throw ex;
			}
			finally {
				scope.close();
				observation.stop();
			}
		};
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
