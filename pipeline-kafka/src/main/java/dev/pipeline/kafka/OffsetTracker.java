package dev.pipeline.kafka;

/**
 * The offsets of one partition that were emitted and not yet committable, in offset
 * order, each with whether it is settled. The committable position is the first unsettled
 * offset, or the one after the last emitted when all are settled: a record's offset is
 * committed only when it and every earlier offset were settled.
 *
 * <p>
 * Memory is bounded by what is in flight, never by the backlog: settled offsets at the
 * head are dropped at once (Broadway Kafka's "offsets pile up" problem cannot arise).
 * Poll thread only.
 */
final class OffsetTracker {

	private long[] offsets = new long[64];

	private boolean[] settled = new boolean[64];

	private int head;

	private int size;

	private long next = -1;

	private long first = -1;

	/**
	 * Records an emitted offset; offsets are emitted in increasing order.
	 * @param offset the offset
	 */
	void emitted(long offset) {
		if (this.size == this.offsets.length) {
			grow();
		}
		int tail = (this.head + this.size) & (this.offsets.length - 1);
		this.offsets[tail] = offset;
		this.settled[tail] = false;
		this.size++;
		this.next = offset + 1;
		if (this.first < 0) {
			this.first = offset;
		}
	}

	/**
	 * Marks an offset settled.
	 * @param offset the offset
	 * @return whether it was emitted and not yet settled
	 */
	boolean settle(long offset) {
		int index = indexOf(offset);
		if (index < 0 || this.settled[index]) {
			return false;
		}
		this.settled[index] = true;
		int mask = this.offsets.length - 1;
		while (this.size > 0 && this.settled[this.head]) {
			this.head = (this.head + 1) & mask;
			this.size--;
		}
		return true;
	}

	/**
	 * Returns the position to commit: the first unsettled offset, or the offset after the
	 * last emitted.
	 * @return the position, or -1 when it has not moved past the first emitted offset
	 */
	long committable() {
		long position = (this.size > 0) ? this.offsets[this.head] : this.next;
		return (position > this.first) ? position : -1;
	}

	/**
	 * Returns how far the committable position is past a position: about how many settled
	 * records a commit up to {@link #committable()} covers beyond it (offsets may have
	 * gaps, so never fewer).
	 * @param position a position committed or asked for, or -1 for none
	 * @return the distance, or 0 when the committable position is not past it
	 */
	long settledPast(long position) {
		long committable = committable();
		return (committable < 0) ? 0 : Math.max(0, committable - Math.max(position, this.first));
	}

	/**
	 * @return how many emitted offsets wait behind the first unsettled one, itself
	 * included
	 */
	int pending() {
		return this.size;
	}

	private int indexOf(long offset) {
		int mask = this.offsets.length - 1;
		if (this.size == 0) {
			return -1;
		}
		long distance = offset - this.offsets[this.head];
		if (distance >= 0 && distance < this.size) {
			// Offsets without gaps (the usual case): the distance is the position
			int guess = (this.head + (int) distance) & mask;
			if (this.offsets[guess] == offset) {
				return guess;
			}
		}
		int low = 0;
		int high = this.size - 1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			long value = this.offsets[(this.head + mid) & mask];
			if (value < offset) {
				low = mid + 1;
			}
			else if (value > offset) {
				high = mid - 1;
			}
			else {
				return (this.head + mid) & mask;
			}
		}
		return -1;
	}

	private void grow() {
		int capacity = this.offsets.length;
		long[] newOffsets = new long[capacity * 2];
		boolean[] newSettled = new boolean[capacity * 2];
		for (int i = 0; i < this.size; i++) {
			newOffsets[i] = this.offsets[(this.head + i) & (capacity - 1)];
			newSettled[i] = this.settled[(this.head + i) & (capacity - 1)];
		}
		this.offsets = newOffsets;
		this.settled = newSettled;
		this.head = 0;
	}

	@Override
	public String toString() {
		return "OffsetTracker[committable=" + committable() + ", pending=" + this.size + "]";
	}

}
