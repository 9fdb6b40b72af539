package dev.pipeline.core;

import java.util.List;

/**
 * What a source's broker holds for the pipeline, as the source last saw it: the messages
 * waiting at the broker and those delivered and not yet settled. Reported by
 * {@link Source#backlog()}; a snapshot, immutable, refreshed by the source at its own
 * pace (typically about once a second), never per message.
 *
 * <p>
 * One kind per broker model: a queue ({@link Queue}), partitioned logs read by a consumer
 * group ({@link Partitions}), or a share group ({@link Acquired}). When a pipeline has
 * several sources, their backlogs are {@linkplain #combine combined}.
 *
 * @since 0.1.0
 */
public sealed interface SourceBacklog permits SourceBacklog.Queue, SourceBacklog.Partitions, SourceBacklog.Acquired {

	/**
	 * Combines this backlog with another source's of the same pipeline.
	 * @param other the other source's backlog
	 * @return both as one: a queue's depth is the queue's (the larger figure if they
	 * differ), deliveries not yet settled add up, partitions are listed together
	 */
	SourceBacklog combine(SourceBacklog other);

	/**
	 * A queue the source consumes.
	 *
	 * @param queue the queue's name
	 * @param queueDepth messages ready in the queue, not yet delivered to any consumer
	 * @param unacknowledged messages delivered to this pipeline and not yet acknowledged
	 * or rejected (held by the source, or in the pipeline)
	 */
	record Queue(String queue, long queueDepth, long unacknowledged) implements SourceBacklog {

		@Override
		public SourceBacklog combine(SourceBacklog other) {
			if (other instanceof Queue queue) {
				return new Queue(this.queue, Math.max(this.queueDepth, queue.queueDepth),
						this.unacknowledged + queue.unacknowledged);
			}
			return this;
		}

	}

	/**
	 * The partitions a consumer group member is assigned.
	 *
	 * @param lag the sum of the partitions' lag
	 * @param partitions each assigned partition
	 */
	record Partitions(long lag, List<Partition> partitions) implements SourceBacklog {

		/**
		 * Creates the backlog of some partitions; the lag is their sum.
		 * @param partitions the partitions
		 * @return the backlog
		 */
		public static Partitions of(List<Partition> partitions) {
			long lag = 0;
			for (Partition partition : partitions) {
				lag += partition.lag();
			}
			return new Partitions(lag, List.copyOf(partitions));
		}

		@Override
		public SourceBacklog combine(SourceBacklog other) {
			if (other instanceof Partitions more) {
				List<Partition> all = new java.util.ArrayList<>(this.partitions);
				all.addAll(more.partitions);
				return of(all);
			}
			return this;
		}

	}

	/**
	 * One partition of a consumer group member.
	 *
	 * @param topic the topic
	 * @param partition the partition
	 * @param committed the group's committed offset, -1 when it has none
	 * @param endOffset the partition's end offset (the next record's)
	 * @param lag records between the committed offset (or, without one, the consumer's
	 * position) and the end
	 * @param paused whether the consumer has paused fetching from it
	 */
	record Partition(String topic, int partition, long committed, long endOffset, long lag, boolean paused) {
	}

	/**
	 * A share group member: it sees only what it acquired.
	 *
	 * @param acquired records acquired by this pipeline and not yet acknowledged
	 */
	record Acquired(long acquired) implements SourceBacklog {

		@Override
		public SourceBacklog combine(SourceBacklog other) {
			return (other instanceof Acquired more) ? new Acquired(this.acquired + more.acquired) : this;
		}

	}

}
