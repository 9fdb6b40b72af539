package dev.pipeline.rabbitmq;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts how many times each message id was handled, to find lost and duplicated
 * messages.
 */
final class Ledger {

	private final AtomicIntegerArray seen;

	private final AtomicLong distinct = new AtomicLong();

	private final AtomicLong total = new AtomicLong();

	Ledger(int sent) {
		this.seen = new AtomicIntegerArray(sent);
	}

	void record(int id) {
		this.total.incrementAndGet();
		if (this.seen.getAndIncrement(id) == 0) {
			this.distinct.incrementAndGet();
		}
	}

	int sent() {
		return this.seen.length();
	}

	long distinct() {
		return this.distinct.get();
	}

	int timesSeen(int id) {
		return this.seen.get(id);
	}

	/**
	 * @return ids never handled
	 */
	long lost() {
		return this.seen.length() - this.distinct.get();
	}

	/**
	 * @return handlings beyond the first, over all ids
	 */
	long duplicated() {
		return this.total.get() - this.distinct.get();
	}

	String report(String test) {
		return "[rabbitmq-it] " + test + ": sent=" + sent() + " handled=" + this.total.get() + " distinct=" + distinct()
				+ " lost=" + lost() + " duplicated=" + duplicated();
	}

}
