package dev.pipeline.boot.annotation;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.BatchHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;

/**
 * Runs an {@link OnBatch} method as the engine's batch handler: converts payloads that do
 * not have the declared type yet (those that do not fit fail alone), calls the method
 * with the rest, and returns every message of the batch.
 */
final class OnBatchAdapter implements BatchHandler<Object> {

	private final MessageArguments arguments;

	OnBatchAdapter(MessageArguments arguments) {
		this.arguments = arguments;
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<Message<Object>> handle(List<Message<Object>> batch, BatchInfo info) throws Exception {
		List<Message<Object>> failures = new ArrayList<>(0);
		List<Message<Object>> ready = this.arguments.convertAll(batch, failures);
		List<Message<Object>> handled = ready;
		if (!ready.isEmpty()) {
			Object result = this.arguments.method().invoke(this.arguments.forList(ready, info));
			if (!this.arguments.method().returnsVoid()) {
				handled = (result != null) ? (List<Message<Object>>) result : List.of();
			}
		}
		if (failures.isEmpty()) {
			return handled;
		}
		List<Message<Object>> all = new ArrayList<>(handled);
		all.addAll(failures);
		return all;
	}

}
