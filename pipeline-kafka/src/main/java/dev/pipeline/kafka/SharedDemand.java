package dev.pipeline.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demand of one pipeline, shared by all its Kafka sources in this instance.
 *
 * <p>
 * The engine hands demand to its sources in turn. A consumer with no partitions (more
 * consumers than partitions, or in the middle of a rebalance) would keep the demand it
 * was given and starve the others; sharing it lets whichever consumer has records use it.
 * Any thread may add; poll threads take.
 */
final class SharedDemand {

	private final AtomicLong demand = new AtomicLong();

	private final List<Handover> members = new CopyOnWriteArrayList<>();

	void join(Handover handover) {
		this.members.add(handover);
	}

	void add(int count) {
		long available = this.demand.addAndGet(count);
		for (Handover member : this.members) {
			member.demandAdded(available);
		}
	}

	/**
	 * @return the demand available now
	 */
	long current() {
		return this.demand.get();
	}

	boolean available() {
		return this.demand.get() > 0;
	}

	/**
	 * Takes up to {@code max} of the demand.
	 * @param max the most wanted
	 * @return how much was taken, 0 when there is none
	 */
	int take(int max) {
		while (true) {
			long current = this.demand.get();
			if (current <= 0 || max <= 0) {
				return 0;
			}
			int taken = (int) Math.min(current, max);
			if (this.demand.compareAndSet(current, current - taken)) {
				return taken;
			}
		}
	}

}
