package dev.pipeline.boot.support;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;

/**
 * Counts every acknowledgement by the message's data (a unique {@code Long} per message),
 * so a test can tell how many messages were lost and how many were acknowledged twice.
 */
public final class CountingAcknowledger implements Acknowledger {

	private final ConcurrentHashMap<Object, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failures) {
		for (Message<?> message : successful) {
			this.counts.computeIfAbsent(message.data(), (key) -> new AtomicInteger()).incrementAndGet();
		}
		for (Message<?> message : failures) {
			this.counts.computeIfAbsent(message.data(), (key) -> new AtomicInteger()).incrementAndGet();
		}
		this.succeeded.addAndGet(successful.size());
		this.failed.addAndGet(failures.size());
	}

	public long succeeded() {
		return this.succeeded.get();
	}

	public long failed() {
		return this.failed.get();
	}

	public long total() {
		return this.succeeded.get() + this.failed.get();
	}

	/**
	 * @param first the data of the first message sent
	 * @param count how many consecutive messages were sent
	 * @return how many of them were never acknowledged
	 */
	public long lost(long first, long count) {
		long lost = 0;
		for (long data = first; data < first + count; data++) {
			if (!this.counts.containsKey(data)) {
				lost++;
			}
		}
		return lost;
	}

	/**
	 * @return how many messages were acknowledged more than once
	 */
	public long duplicated() {
		return this.counts.values().stream().filter((count) -> count.get() > 1).count();
	}

}
