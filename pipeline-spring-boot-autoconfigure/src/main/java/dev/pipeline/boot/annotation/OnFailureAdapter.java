package dev.pipeline.boot.annotation;

import java.util.List;

import dev.pipeline.core.FailureHandler;
import dev.pipeline.core.Message;

/**
 * Runs an {@link OnFailure} method as the engine's failure handler. Payloads are passed
 * as the messages hold them: a message that failed its conversion still holds the
 * source's data.
 */
final class OnFailureAdapter implements FailureHandler<Object> {

	private final MessageArguments arguments;

	OnFailureAdapter(MessageArguments arguments) {
		this.arguments = arguments;
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<Message<Object>> handle(List<Message<Object>> failed) throws Exception {
		Object result = this.arguments.method().invoke(this.arguments.forList(failed, null));
		if (this.arguments.method().returnsVoid() || result == null) {
			return failed;
		}
		return (List<Message<Object>>) result;
	}

}
