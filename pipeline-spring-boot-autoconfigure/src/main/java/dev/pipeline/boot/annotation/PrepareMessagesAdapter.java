package dev.pipeline.boot.annotation;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Message;
import dev.pipeline.core.MessagePreparer;

/**
 * Runs a {@link PrepareMessages} method as the engine's chunk preparer: converts the
 * payloads first (those that do not fit fail alone and skip the method), then calls the
 * method with the rest.
 */
final class PrepareMessagesAdapter implements MessagePreparer<Object> {

	private final MessageArguments arguments;

	PrepareMessagesAdapter(MessageArguments arguments) {
		this.arguments = arguments;
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<Message<Object>> prepare(List<Message<Object>> chunk) throws Exception {
		List<Message<Object>> failures = new ArrayList<>(0);
		List<Message<Object>> ready = this.arguments.convertAll(chunk, failures);
		List<Message<Object>> prepared = ready.isEmpty() ? ready
				: (List<Message<Object>>) this.arguments.method().invoke(this.arguments.forList(ready, null));
		if (failures.isEmpty()) {
			return prepared;
		}
		List<Message<Object>> all = new ArrayList<>(prepared);
		all.addAll(failures);
		return all;
	}

}
