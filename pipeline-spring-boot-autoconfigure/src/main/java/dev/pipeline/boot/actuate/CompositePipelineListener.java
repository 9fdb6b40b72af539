package dev.pipeline.boot.actuate;

import java.util.List;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.PipelineListener;

/**
 * Calls several {@link PipelineListener}s in turn, for a pipeline spec that takes one. A
 * listener that throws does not keep the next ones from being called.
 *
 * <p>
 * This is how the operations side plugs into a pipeline: whoever builds the spec (the
 * starter, or a plain-Java configuration) passes
 * {@code CompositePipelineListener.of(listeners)} of every {@code PipelineListener} bean
 * to {@link dev.pipeline.core.PipelineSpec.Builder#listener}.
 *
 * @since 0.1.0
 */
public final class CompositePipelineListener implements PipelineListener {

	private final PipelineListener[] listeners;

	private CompositePipelineListener(List<? extends PipelineListener> listeners) {
		this.listeners = listeners.toArray(new PipelineListener[0]);
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
	public void chunkHandled(String pipeline, int processor, int messages, int failed, long nanos) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.chunkHandled(pipeline, processor, messages, failed, nanos);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the chunk
			}
		}
	}

	@Override
	public void batchHandled(String pipeline, BatchInfo info, int failed, long nanos) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.batchHandled(pipeline, info, failed, nanos);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the batch
			}
		}
	}

	@Override
	public void acknowledged(String pipeline, int successful, int failed) {
		for (PipelineListener listener : this.listeners) {
			try {
				listener.acknowledged(pipeline, successful, failed);
			}
			catch (RuntimeException ignored) {
				// a listener must not throw; the others still see the acknowledgement
			}
		}
	}

}
