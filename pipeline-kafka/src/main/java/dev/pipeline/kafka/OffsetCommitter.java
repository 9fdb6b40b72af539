package dev.pipeline.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The offset-commit policy of one {@link PollLoop}: when to commit the positions its
 * assigned partitions settled in order, asynchronously or synchronously, and what the
 * broker confirmed. Each partition's {@link AssignedPartition#requested} and
 * {@link AssignedPartition#committed} positions are its state; the only state of its own
 * is when it last committed.
 *
 * <p>
 * {@link #maybeCommit} runs once per turn of the loop; {@link #commitNow} runs for
 * partitions that are revoked and for all of them when the loop finishes. Everything
 * here, the callbacks of asynchronous commits included (the consumer runs them inside its
 * own calls), runs on the poll thread, which owns the consumer.
 */
final class OffsetCommitter {

	/** The callback of the commits of no offsets that only let the consumer catch up. */
	private static final OffsetCommitCallback NO_CALLBACK = (offsets, ex) -> {
	};

	private final Consumer<byte[], byte[]> consumer;

	private final KafkaSourceSettings settings;

	private final Map<TopicPartition, AssignedPartition> assigned;

	private final Log logger;

	private long lastCommit;

	/**
	 * @param consumer the consumer of the poll loop
	 * @param settings the source's settings
	 * @param assigned the poll loop's assigned partitions, read at each commit
	 * @param logger where failed commits are logged
	 */
	OffsetCommitter(Consumer<byte[], byte[]> consumer, KafkaSourceSettings settings,
			Map<TopicPartition, AssignedPartition> assigned, Log logger) {
		this.consumer = consumer;
		this.settings = settings;
		this.assigned = assigned;
		this.logger = logger;
	}

	/**
	 * Starts the commit interval.
	 * @param now the time, in {@link System#nanoTime()} terms
	 */
	void start(long now) {
		this.lastCommit = now;
	}

	/**
	 * Commits asynchronously once {@code commit-count} settled records lie in order
	 * beyond what was asked for, or the interval has passed; and synchronously when twice
	 * {@code commit-count} lie beyond what the broker confirmed (asynchronous commits
	 * lagging), so that no more wait uncommitted whatever the broker's pace. Only what
	 * was in flight at the turn before can settle between two turns, so a crash repeats
	 * at most that plus twice {@code commit-count}.
	 *
	 * <p>
	 * The consumer reads the broker's confirmations during its calls, and runs their
	 * callbacks only at its next call. So the asynchronous commit goes first, and before
	 * a synchronous commit the consumer gets up to two calls that send nothing
	 * ({@code commitAsync} of no offsets: it runs the callbacks of what it read, then
	 * reads the network without waiting). A confirmation that arrived while the poll
	 * thread handed records over then counts, and the synchronous commit, which blocks
	 * the poll thread for a round trip while the processors run dry, is left for
	 * confirmations that have really not arrived yet.
	 * @param now the time of this turn, in {@link System#nanoTime()} terms
	 */
	void maybeCommit(long now) {
		int count = this.settings.commitCount();
		long ready = 0;
		for (AssignedPartition owner : this.assigned.values()) {
			ready += owner.offsets.settledPast(owner.requested);
		}
		if (ready > 0 && (ready >= count || now - this.lastCommit >= this.settings.commitInterval())) {
			this.lastCommit = now;
			commitAsync();
		}
		for (int look = 0; look < 2 && unconfirmed() >= 2L * count; look++) {
			this.consumer.commitAsync(Map.of(), NO_CALLBACK);
		}
		if (unconfirmed() >= 2L * count) {
			this.lastCommit = now;
			for (AssignedPartition owner : this.assigned.values()) {
				owner.requested = owner.committed;
			}
			commitNow(this.assigned.values());
		}
	}

	private long unconfirmed() {
		long unconfirmed = 0;
		for (AssignedPartition owner : this.assigned.values()) {
			unconfirmed += owner.offsets.settledPast(owner.committed);
		}
		return unconfirmed;
	}

	private void commitAsync() {
		Map<TopicPartition, OffsetAndMetadata> offsets = committable(this.assigned.values());
		if (offsets.isEmpty()) {
			return;
		}
		Map<TopicPartition, AssignedPartition> owners = new HashMap<>(this.assigned);
		this.consumer.commitAsync(offsets, (committed, ex) -> {
			for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
				AssignedPartition owner = owners.get(entry.getKey());
				if (ex == null) {
					owner.committed = Math.max(owner.committed, entry.getValue().offset());
				}
				else {
					owner.requested = owner.committed;
				}
			}
			if (ex != null) {
				this.logger.debug("Offset commit failed for " + this.settings.description() + "; it will be retried",
						ex);
			}
		});
	}

	private Map<TopicPartition, OffsetAndMetadata> committable(Collection<AssignedPartition> owners) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
		for (AssignedPartition owner : owners) {
			long position = owner.offsets.committable();
			if (position > owner.requested) {
				owner.requested = position;
				offsets.put(owner.partition, new OffsetAndMetadata(position));
			}
		}
		return offsets;
	}

	/**
	 * Commits synchronously what the partitions settled in order; a failure is logged,
	 * not thrown: the partitions' next owner sees those records again.
	 * @param owners the partitions to commit
	 */
	void commitNow(Collection<AssignedPartition> owners) {
		Map<TopicPartition, OffsetAndMetadata> offsets = committable(owners);
		if (offsets.isEmpty()) {
			return;
		}
		try {
			try {
				this.consumer.commitSync(offsets, KafkaSourceSettings.COMMIT_TIMEOUT);
			}
			catch (WakeupException ex) {
				// a wakeup meant for a poll; the commit still has to happen
				this.consumer.commitSync(offsets, KafkaSourceSettings.COMMIT_TIMEOUT);
			}
			for (AssignedPartition owner : owners) {
				owner.committed = owner.requested;
			}
		}
		catch (KafkaException ex) {
			for (AssignedPartition owner : owners) {
				owner.requested = owner.committed;
			}
			this.logger.warn("Could not commit " + offsets + " for " + this.settings.description()
					+ "; the partitions' next owner will see those records again", ex);
		}
	}

}
