package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.FailureHandler;
import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * What a last stage does with the messages it finished: failed ones go through the
 * failure handler, then everything is acknowledged in one step. Runs on the finishing
 * stage's thread.
 */
final class Terminal {

	private final @Nullable FailureHandler<Object> failureHandler;

	private final Acknowledgements acknowledgements;

	private final FailureLog log;

	Terminal(@Nullable FailureHandler<Object> failureHandler, Acknowledgements acknowledgements, FailureLog log) {
		this.failureHandler = failureHandler;
		this.acknowledgements = acknowledgements;
		this.log = log;
	}

	/**
	 * Settles finished messages.
	 * @param ok messages that succeeded
	 * @param failed messages that failed; the failure handler sees them first
	 */
	void finish(List<Message<?>> ok, List<Message<?>> failed) {
		List<Message<?>> settledAsFailed = failed.isEmpty() ? failed : handleFailed(failed);
		this.acknowledgements.settle(ok, settledAsFailed);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private List<Message<?>> handleFailed(List<Message<?>> failed) {
		if (this.failureHandler == null) {
			return failed;
		}
		List<Message<Object>> returned;
		try {
			returned = this.failureHandler.handle((List) failed);
		}
		catch (Throwable ex) {
			this.log.error("the failure handler threw; its " + failed.size()
					+ " messages are acknowledged as failed all the same", ex);
			return failed;
		}
		Returned match = Returned.match(failed, returned);
		if (match.missing().isEmpty()) {
			return match.kept();
		}
		List<Message<?>> all = new ArrayList<>(failed.size());
		all.addAll(match.kept());
		all.addAll(match.missing());
		return all;
	}

	Acknowledgements acknowledgements() {
		return this.acknowledgements;
	}

}
