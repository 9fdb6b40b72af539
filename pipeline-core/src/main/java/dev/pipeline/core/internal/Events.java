package dev.pipeline.core.internal;

import java.util.List;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineListener.Worker;
import dev.pipeline.core.PipelineSpec;

/**
 * Sends a pipeline's events to its {@link PipelineListener}, logging what the listener
 * throws instead of letting it reach a stage. Whether the listener observes each message
 * is read once, here, so a stage that sends no per-message events checks one final field.
 */
final class Events {

	private static final String THREW = "the pipeline listener threw";

	private final PipelineListener listener;

	private final FailureLog log;

	/** Whether the per-message events are sent. */
	final boolean messages;

	/**
	 * Whether processors time each message for {@link PipelineListener#messagesTimed}.
	 */
	final boolean messageTimes;

	Events(PipelineListener listener, FailureLog log) {
		this.listener = listener;
		this.log = log;
		this.messages = listener.observesMessages();
		this.messageTimes = listener.observesMessageTimes();
	}

	void pipelineStarted(PipelineSpec<?> spec) {
		try {
			this.listener.pipelineStarted(spec);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void pipelineStopped(String pipeline, DrainResult result) {
		try {
			this.listener.pipelineStopped(pipeline, result);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void pipelineException(String pipeline, Throwable error) {
		try {
			this.listener.pipelineException(pipeline, error);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void messageStarted(Worker processor, Message<?> message) {
		try {
			this.listener.messageStarted(processor, message);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void messageStopped(Worker processor, Message<?> result, long nanos) {
		try {
			this.listener.messageStopped(processor, result, nanos);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void messageException(Worker processor, Message<?> message, Throwable error, long nanos) {
		try {
			this.listener.messageException(processor, message, error, nanos);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void messagesTimed(Worker processor, long[] nanos, int count) {
		try {
			this.listener.messagesTimed(processor, nanos, count);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void chunkHandled(Worker processor, int messages, int failed, long nanos) {
		try {
			this.listener.chunkHandled(processor, messages, failed, nanos);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void batchStarted(Worker batchWorker, BatchInfo info) {
		try {
			this.listener.batchStarted(batchWorker, info);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
		try {
			this.listener.batchStopped(batchWorker, info, failed, nanos);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void batchException(Worker batchWorker, BatchInfo info, Throwable error, long nanos) {
		try {
			this.listener.batchException(batchWorker, info, error, nanos);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

	void acknowledged(String pipeline, List<Message<?>> successful, List<Message<?>> failed) {
		try {
			this.listener.acknowledged(pipeline, successful, failed);
		}
		catch (RuntimeException ex) {
			this.log.error(THREW, ex);
		}
	}

}
