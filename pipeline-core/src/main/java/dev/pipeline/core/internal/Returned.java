package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * Matches the messages a handler returned with the ones it was given, by origin, so that
 * each given message is settled exactly once: a returned copy replaces its original, a
 * message left out is reported missing, and a returned message that was not given (or was
 * returned twice) is dropped.
 *
 * @param kept the returned messages that stand for given ones, each once
 * @param missing the given messages that were not returned
 * @param strangers how many returned messages were not given, or were returned twice
 * @param nulls how many returned elements were {@code null}
 */
record Returned(List<Message<?>> kept, List<Message<?>> missing, int strangers, int nulls) {

	/**
	 * Matches a handler's result with its input. Cheap when the handler returned a copy
	 * of each message in the same order, as most do.
	 * @param given what the handler was given
	 * @param returned what it returned, or {@code null}
	 * @return the match
	 */
	@SuppressWarnings("unchecked")
	static Returned match(List<? extends Message<?>> given, @Nullable List<? extends Message<?>> returned) {
		if (returned == null) {
			return new Returned(List.of(), (List<Message<?>>) given, 0, 0);
		}
		int n = given.size();
		if (returned.size() == n) {
			boolean same = true;
			for (int i = 0; i < n; i++) {
				Message<?> r = returned.get(i);
				if (r == null || r.origin() != given.get(i).origin()) {
					same = false;
					break;
				}
			}
			if (same) {
				return new Returned((List<Message<?>>) returned, List.of(), 0, 0);
			}
		}
		IdentityHashMap<Message<?>, Boolean> pending = new IdentityHashMap<>(n * 2);
		for (Message<?> message : given) {
			pending.put(message.origin(), Boolean.TRUE);
		}
		List<Message<?>> kept = new ArrayList<>(Math.min(n, returned.size()));
		int strangers = 0;
		int nulls = 0;
		for (Message<?> message : returned) {
			if (message == null) {
				nulls++;
			}
			else if (pending.remove(message.origin()) != null) {
				kept.add(message);
			}
			else {
				strangers++;
			}
		}
		List<Message<?>> missing = new ArrayList<>(pending.size());
		if (!pending.isEmpty()) {
			for (Message<?> message : given) {
				if (pending.containsKey(message.origin())) {
					missing.add(message);
				}
			}
		}
		return new Returned(kept, missing, strangers, nulls);
	}

}
