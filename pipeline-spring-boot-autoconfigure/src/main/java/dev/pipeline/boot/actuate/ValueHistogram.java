package dev.pipeline.boot.actuate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of non-negative values with log-linear buckets: exact below 16,
 * then eight buckets per power of two, so a percentile is within 12.5% of the truth.
 * Recording allocates nothing; reading walks 496 counters.
 */
final class ValueHistogram {

	/** Values below this have a bucket each. */
	private static final int EXACT = 16;

	/** Sub-buckets per power of two, as a shift. */
	private static final int SUB_BITS = 3;

	private static final int BUCKETS = EXACT + (63 - 4) * (1 << SUB_BITS) + (1 << SUB_BITS);

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	private final AtomicLong count = new AtomicLong();

	private final AtomicLong sum = new AtomicLong();

	private final AtomicLong max = new AtomicLong();

	void record(long value) {
		long v = Math.max(0, value);
		this.counts.incrementAndGet(index(v));
		this.count.incrementAndGet();
		this.sum.addAndGet(v);
		this.max.accumulateAndGet(v, Math::max);
	}

	long count() {
		return this.count.get();
	}

	long sum() {
		return this.sum.get();
	}

	long max() {
		return this.max.get();
	}

	/**
	 * Returns a percentile: the upper bound of the bucket that holds it, capped at the
	 * maximum.
	 * @param percentile between 0 and 1
	 * @return the value, or 0 when nothing was recorded
	 */
	long percentile(double percentile) {
		long total = 0;
		long[] snapshot = new long[BUCKETS];
		for (int i = 0; i < BUCKETS; i++) {
			snapshot[i] = this.counts.get(i);
			total += snapshot[i];
		}
		if (total == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(percentile * total));
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += snapshot[i];
			if (seen >= rank) {
				return Math.min(upperBound(i), this.max.get());
			}
		}
		return this.max.get();
	}

	static int index(long value) {
		if (value < EXACT) {
			return (int) value;
		}
		int exponent = 63 - Long.numberOfLeadingZeros(value);
		int sub = (int) ((value >>> (exponent - SUB_BITS)) & ((1 << SUB_BITS) - 1));
		return EXACT + (exponent - 4) * (1 << SUB_BITS) + sub;
	}

	static long upperBound(int index) {
		if (index < EXACT) {
			return index;
		}
		int exponent = 4 + (index - EXACT) / (1 << SUB_BITS);
		int sub = (index - EXACT) % (1 << SUB_BITS);
		long lower = ((long) ((1 << SUB_BITS) + sub)) << (exponent - SUB_BITS);
		long width = 1L << (exponent - SUB_BITS);
		return lower + width - 1;
	}

}
