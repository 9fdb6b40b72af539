package dev.pipeline.core.support;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant checker of engine tests: counts every acknowledgement by the message's
 * data (each message's data is a unique {@code Long}), and tells how many were
 * acknowledged more than once, as which status, and which were never acknowledged.
 */
public final class CountingAcknowledger implements Acknowledger {

	private final ConcurrentHashMap<Object, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<Object, Boolean> okByData = new ConcurrentHashMap<>();

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong calls = new AtomicLong();

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failures) {
		this.calls.incrementAndGet();
		for (Message<?> message : successful) {
			count(message, true);
		}
		for (Message<?> message : failures) {
			count(message, false);
		}
		this.succeeded.addAndGet(successful.size());
		this.failed.addAndGet(failures.size());
	}

	private void count(Message<?> message, boolean ok) {
		this.counts.computeIfAbsent(message.data(), (key) -> new AtomicInteger()).incrementAndGet();
		this.okByData.put(message.data(), ok);
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

	public long calls() {
		return this.calls.get();
	}

	/**
	 * @return whether the message with this data was acknowledged as successful
	 */
	public boolean wasOk(Object data) {
		return Boolean.TRUE.equals(this.okByData.get(data));
	}

	/**
	 * Asserts that each of the {@code count} messages with data 0..count-1 was
	 * acknowledged exactly once.
	 * @param count how many messages were sent
	 */
	public void assertEachAcknowledgedOnce(long count) {
		long duplicated = this.counts.values().stream().filter((c) -> c.get() > 1).count();
		assertThat(duplicated).as("messages acknowledged more than once").isZero();
		assertThat(this.counts).as("distinct messages acknowledged").hasSize((int) count);
		assertThat(total()).as("acknowledgements").isEqualTo(count);
	}

}
