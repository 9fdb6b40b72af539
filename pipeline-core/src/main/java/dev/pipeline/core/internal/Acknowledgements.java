package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * The end of every message's path (Broadway's acknowledgement step): groups the messages
 * a stage finished by acknowledger and settles each group with one call. Called from the
 * last stage's threads.
 *
 * <p>
 * After {@link #release()} (a drain ran out of time) nothing more is settled: the source
 * has given the messages back to the broker, and they are counted as released instead.
 */
final class Acknowledgements {

	private final String pipeline;

	private final Events events;

	private final FailureLog log;

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean releasing;

	Acknowledgements(String pipeline, Events events, FailureLog log) {
		this.pipeline = pipeline;
		this.events = events;
		this.log = log;
	}

	/**
	 * Settles messages at their sources.
	 * @param ok messages to acknowledge as successful
	 * @param notOk messages to acknowledge as failed
	 */
	void settle(List<Message<?>> ok, List<Message<?>> notOk) {
		int okCount = ok.size();
		int failedCount = notOk.size();
		if (okCount + failedCount == 0) {
			return;
		}
		if (this.releasing) {
			return;
		}
		Acknowledger single = commonAcknowledger(ok, notOk);
		if (single != null) {
			acknowledge(single, ok, notOk);
		}
		else {
			Map<Acknowledger, List<Message<?>>[]> groups = new IdentityHashMap<>();
			group(groups, ok, 0);
			group(groups, notOk, 1);
			groups.forEach((acknowledger, lists) -> acknowledge(acknowledger, lists[0], lists[1]));
		}
		if (okCount > 0) {
			this.succeeded.addAndGet(okCount);
		}
		if (failedCount > 0) {
			this.failed.addAndGet(failedCount);
		}
		this.events.acknowledged(this.pipeline, ok, notOk);
	}

	void release() {
		this.releasing = true;
	}

	long succeeded() {
		return this.succeeded.get();
	}

	long failed() {
		return this.failed.get();
	}

	boolean isReleasing() {
		return this.releasing;
	}

	private void acknowledge(Acknowledger acknowledger, List<Message<?>> ok, List<Message<?>> notOk) {
		try {
			acknowledger.acknowledge(ok, notOk);
		}
		catch (RuntimeException ex) {
			this.log.error("acknowledger " + acknowledger + " threw while settling " + ok.size() + " successful and "
					+ notOk.size() + " failed messages; the source decides what happens to them", ex);
		}
	}

	private static @Nullable Acknowledger commonAcknowledger(List<Message<?>> ok, List<Message<?>> notOk) {
		Acknowledger first = !ok.isEmpty() ? ok.get(0).acknowledger() : notOk.get(0).acknowledger();
		for (int i = 0, n = ok.size(); i < n; i++) {
			if (ok.get(i).acknowledger() != first) {
				return null;
			}
		}
		for (int i = 0, n = notOk.size(); i < n; i++) {
			if (notOk.get(i).acknowledger() != first) {
				return null;
			}
		}
		return first;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void group(Map<Acknowledger, List<Message<?>>[]> groups, List<Message<?>> messages, int slot) {
		for (Message<?> message : messages) {
			List<Message<?>>[] lists = groups.computeIfAbsent(message.acknowledger(),
					(key) -> new List[] { new ArrayList<Message<?>>(), new ArrayList<Message<?>>() });
			lists[slot].add(message);
		}
	}

}
