package dev.pipeline.kafka;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

import dev.pipeline.core.Message;

/**
 * Counts how many times each record of a topic was handled, by partition and offset, to
 * tell lost records from duplicates.
 */
final class RecordLedger {

	private final AtomicIntegerArray[] counts;

	private final LongAdder handled = new LongAdder();

	RecordLedger(int partitions, int maxPerPartition) {
		this.counts = new AtomicIntegerArray[partitions];
		for (int p = 0; p < partitions; p++) {
			this.counts[p] = new AtomicIntegerArray(maxPerPartition);
		}
	}

	void handled(Message<?> message) {
		handled((Integer) message.metadata().get(KafkaMetadata.PARTITION),
				(Long) message.metadata().get(KafkaMetadata.OFFSET));
	}

	void handled(int partition, long offset) {
		this.counts[partition].incrementAndGet((int) offset);
		this.handled.increment();
	}

	long handled() {
		return this.handled.sum();
	}

	/**
	 * @return handlings beyond the first, over all records
	 */
	long duplicates() {
		long duplicates = 0;
		for (AtomicIntegerArray partition : this.counts) {
			for (int o = 0; o < partition.length(); o++) {
				duplicates += Math.max(0, partition.get(o) - 1);
			}
		}
		return duplicates;
	}

	long distinct() {
		long distinct = 0;
		for (AtomicIntegerArray partition : this.counts) {
			for (int o = 0; o < partition.length(); o++) {
				if (partition.get(o) > 0) {
					distinct++;
				}
			}
		}
		return distinct;
	}

}
