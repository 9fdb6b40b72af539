package dev.pipeline.boot.actuate;

import java.util.List;
import java.util.function.Consumer;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineSpec;

/**
 * Calls several {@link PipelineListener}s in turn, for a pipeline spec that takes one. A
 * listener that throws does not keep the next ones from being called.
 *
 * <p>
 * This is how the operations side plugs into a pipeline: whoever builds the spec (the
 * starter, or a plain-Java configuration) passes
 * {@code CompositePipelineListener.of(listeners)} of every {@code PipelineListener} bean
 * to {@link dev.pipeline.core.PipelineSpec.Builder#listener}. The per-message events go
 * only to the listeners that {@linkplain PipelineListener#observesMessages() observe
 * messages}; when none does, the engine sends none.
 *
 * @since 0.1.0
 */
public final class CompositePipelineListener implements PipelineListener {

	private final PipelineListener[] listeners;

	private final PipelineListener[] messageListeners;

	private final PipelineListener[] timeListeners;

	private CompositePipelineListener(List<? extends PipelineListener> listeners) {
		this.listeners = listeners.toArray(new PipelineListener[0]);
		this.messageListeners = listeners.stream()
			.filter(PipelineListener::observesMessages)
			.toArray(PipelineListener[]::new);
		this.timeListeners = listeners.stream()
			.filter(PipelineListener::observesMessageTimes)
			.toArray(PipelineListener[]::new);
	}

	/**
	 * Combines listeners.
	 * @param listeners the listeners, called in this order
	 * @return one listener; {@link PipelineListener#NONE} for none, the listener itself
	 * for one
	 */
	public static PipelineListener of(List<? extends PipelineListener> listeners) {
		if (listeners.isEmpty()) {
			return PipelineListener.NONE;
		}
		return (listeners.size() == 1) ? listeners.get(0) : new CompositePipelineListener(listeners);
	}

	@Override
	public boolean observesMessages() {
		return this.messageListeners.length > 0;
	}

	@Override
	public boolean observesMessageTimes() {
		return this.timeListeners.length > 0;
	}

	@Override
	public void pipelineStarted(PipelineSpec<?> spec) {
		each(this.listeners, (listener) -> listener.pipelineStarted(spec));
	}

	@Override
	public void pipelineStopped(String pipeline, DrainResult result) {
		each(this.listeners, (listener) -> listener.pipelineStopped(pipeline, result));
	}

	@Override
	public void pipelineException(String pipeline, Throwable error) {
		each(this.listeners, (listener) -> listener.pipelineException(pipeline, error));
	}

	@Override
	public void messageStarted(Worker processor, Message<?> message) {
		for (PipelineListener listener : this.messageListeners) {
			try {
				listener.messageStarted(processor, message);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the message
			}
		}
	}

	@Override
	public void messageStopped(Worker processor, Message<?> result, long nanos) {
		for (PipelineListener listener : this.messageListeners) {
			try {
				listener.messageStopped(processor, result, nanos);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the message
			}
		}
	}

	@Override
	public void messageException(Worker processor, Message<?> message, Throwable error, long nanos) {
		for (PipelineListener listener : this.messageListeners) {
			try {
				listener.messageException(processor, message, error, nanos);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the message
			}
		}
	}

	@Override
	public void messagesTimed(Worker processor, long[] nanos, int count) {
		for (PipelineListener listener : this.timeListeners) {
			try {
				listener.messagesTimed(processor, nanos, count);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the times
			}
		}
	}

	@Override
	public void chunkHandled(Worker processor, int messages, int failed, long nanos) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.chunkHandled(processor, messages, failed, nanos);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the chunk
			}
		}
	}

	@Override
	public void batchStarted(Worker batchWorker, BatchInfo info) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.batchStarted(batchWorker, info);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the batch
			}
		}
	}

	@Override
	public void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.batchStopped(batchWorker, info, failed, nanos);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the batch
			}
		}
	}

	@Override
	public void batchException(Worker batchWorker, BatchInfo info, Throwable error, long nanos) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.batchException(batchWorker, info, error, nanos);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the batch
			}
		}
	}

	@Override
	public void acknowledged(String pipeline, List<Message<?>> successful, List<Message<?>> failed) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.acknowledged(pipeline, successful, failed);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the acknowledgement
			}
		}
	}

	private static void each(PipelineListener[] listeners, Consumer<PipelineListener> event) {
		for (PipelineListener listener : listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the event
			}
		}
	}

}
