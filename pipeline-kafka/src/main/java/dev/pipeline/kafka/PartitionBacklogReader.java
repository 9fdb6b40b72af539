package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import dev.pipeline.core.SourceBacklog;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads, on the poll thread and at most once per {@link #INTERVAL}, the backlog of the
 * partitions a {@link KafkaSource} is assigned: each one's committed offset, end offset,
 * lag and whether it is paused. The end offset comes from the consumer's own fetch
 * metadata ({@code currentLag}) for the partitions it fetches from, and from the broker
 * ({@code endOffsets}, one request with a short timeout) for the paused ones, whose
 * metadata goes stale; the committed offset is the one this consumer last had confirmed,
 * or, until it commits, the one the group had when the partition was assigned (asked once
 * per assignment, with a short timeout).
 *
 * <p>
 * A partition's lag counts from its committed offset; without one, from the first record
 * this consumer fetched from it, or its position before any.
 */
final class PartitionBacklogReader {

	/** How often the backlog is read. */
	static final long INTERVAL = Duration.ofSeconds(1).toNanos();

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	private static final Log logger = LogFactory.getLog(PartitionBacklogReader.class);

	/** The group's committed offset when each assignment began, -1 for none. */
	private final Map<AssignedPartition, Long> committedAtAssignment = new IdentityHashMap<>();

	private long lastRead;

	private boolean read;

	/**
	 * Reads the backlog when it is due.
	 * @param consumer the consumer, on its own thread
	 * @param assigned the assigned partitions
	 * @param now the time now
	 * @return the backlog, or {@code null} when it is not yet due
	 */
	SourceBacklog.@Nullable Partitions readIfDue(Consumer<byte[], byte[]> consumer,
			Map<TopicPartition, AssignedPartition> assigned, long now) {
		if (this.read && now - this.lastRead < INTERVAL) {
			return null;
		}
		this.read = true;
		this.lastRead = now;
		try {
			return read(consumer, assigned);
		}
		catch (RuntimeException ex) {
			// figures for the operator must never stop the loop; the next read tries
			// again
			logger.debug("Could not read the partitions' backlog", ex);
			return null;
		}
	}

	private SourceBacklog.Partitions read(Consumer<byte[], byte[]> consumer,
			Map<TopicPartition, AssignedPartition> assigned) {
		this.committedAtAssignment.keySet().retainAll(new HashSet<>(assigned.values()));
		lookUpCommitted(consumer, assigned);
		Set<TopicPartition> paused = consumer.paused();
		Map<TopicPartition, Long> ends = endOffsets(consumer, assigned, paused);
		List<SourceBacklog.Partition> partitions = new ArrayList<>(assigned.size());
		for (AssignedPartition owner : assigned.values()) {
			TopicPartition partition = owner.partition;
			long committed = (owner.committed >= 0) ? owner.committed
					: this.committedAtAssignment.getOrDefault(owner, -1L);
			long endOffset = ends.getOrDefault(partition, -1L);
			long from = (committed >= 0) ? committed
					: ((owner.firstFetched >= 0) ? owner.firstFetched : position(consumer, partition));
			long lag = (endOffset >= 0 && from >= 0) ? Math.max(0, endOffset - from) : 0;
			partitions.add(new SourceBacklog.Partition(partition.topic(), partition.partition(), committed, endOffset,
					lag, paused.contains(partition)));
		}
		return SourceBacklog.Partitions.of(partitions);
	}

	/**
	 * The end offset of each partition: from the consumer's fetch metadata for those it
	 * fetches from; asked of the broker, in one request, for paused ones, whose metadata
	 * goes stale while they are not fetched.
	 */
	private static Map<TopicPartition, Long> endOffsets(Consumer<byte[], byte[]> consumer,
			Map<TopicPartition, AssignedPartition> assigned, Set<TopicPartition> paused) {
		Map<TopicPartition, Long> ends = new HashMap<>();
		List<TopicPartition> ask = new ArrayList<>();
		for (TopicPartition partition : assigned.keySet()) {
			OptionalLong behind = paused.contains(partition) ? OptionalLong.empty() : consumer.currentLag(partition);
			long position = behind.isPresent() ? position(consumer, partition) : -1;
			if (position >= 0) {
				ends.put(partition, position + behind.getAsLong());
			}
			else {
				ask.add(partition);
			}
		}
		if (!ask.isEmpty()) {
			try {
				ends.putAll(consumer.endOffsets(ask, TIMEOUT));
			}
			catch (KafkaException ex) {
				logger.debug("Could not read the end offsets of " + ask + "; trying again later", ex);
			}
		}
		return ends;
	}

	private static long position(Consumer<byte[], byte[]> consumer, TopicPartition partition) {
		try {
			return consumer.position(partition, Duration.ZERO);
		}
		catch (KafkaException ex) {
			return -1;
		}
	}

	private void lookUpCommitted(Consumer<byte[], byte[]> consumer, Map<TopicPartition, AssignedPartition> assigned) {
		Set<TopicPartition> unknown = new HashSet<>();
		for (AssignedPartition owner : assigned.values()) {
			if (owner.committed < 0 && !this.committedAtAssignment.containsKey(owner)) {
				unknown.add(owner.partition);
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unknown, TIMEOUT);
			for (TopicPartition partition : unknown) {
				OffsetAndMetadata offset = committed.get(partition);
				this.committedAtAssignment.put(assigned.get(partition), (offset != null) ? offset.offset() : -1L);
			}
		}
		catch (KafkaException ex) {
			logger.debug("Could not read the committed offsets of " + unknown + "; trying again later", ex);
		}
	}

}
