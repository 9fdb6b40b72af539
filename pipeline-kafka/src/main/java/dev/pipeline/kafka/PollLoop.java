package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.SourceBacklog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The poll thread of one {@link KafkaSource}: the only thread that touches its consumer
 * and its offsets. Design, in the order of one turn of the loop:
 * <ol>
 * <li>settle what pipeline threads handed over (acks, dead-letter outcomes);</li>
 * <li>emit buffered records, at most as many as the pipeline demanded, once that demand
 * is worth using ({@link BufferedRecords}); but while full polls come and the demand
 * covers the records and another poll, gather up to
 * {@link KafkaSourceSettings#GATHERED_POLLS} polls first, polling again without waiting:
 * one hand-over then wakes a processor once for all of them (a poll that is not full
 * means the consumer holds nothing more, and its records go at once);</li>
 * <li>commit, asynchronously, when {@code commit-count} records were settled in order or
 * enough time passed; synchronously when asynchronous commits lag behind by twice
 * {@code commit-count} ({@link OffsetCommitter});</li>
 * <li>when records are still buffered (no demand), the source is paused, or it stopped
 * fetching: pause every assigned partition and wait for demand, still polling every
 * {@link KafkaSourceSettings#IDLE_POLL_INTERVAL} so the consumer stays in its group and
 * rebalances run, however slow the handlers; otherwise resume and poll.</li>
 * </ol>
 * A revocation (run by the consumer inside {@code poll}) stops emitting the partitions'
 * records, waits, bounded, for their in-flight records (acks never need this thread, so
 * the wait cannot deadlock), commits them synchronously and lets them go.
 *
 * <p>
 * The consumer is not thread-safe, so everything that touches it (poll, pause, commit,
 * revocation, dead-letter hand-off) runs on this one thread, and the order of the steps
 * above is read here, in {@link #turn()}. The helpers it calls each turn keep one concern
 * each, and run on this thread too: {@link OffsetCommitter} the commit policy,
 * {@link BufferedRecords} the fetched records and their hand-over, {@link FailedRecords}
 * retries and dead letters, {@link PartitionBacklogReader} the backlog figures and
 * {@link ConnectionCheck} the connection state. One exception to "this thread": while it
 * waits for demand, the hand-over (step 2, which touches no consumer) is lent to the
 * thread whose ask brings the demand, which holds the poll thread's role meanwhile.
 */
final class PollLoop implements ConsumerRebalanceListener {

	private static final Log logger = LogFactory.getLog(PollLoop.class);

	private final KafkaSource source;

	private final Consumer<byte[], byte[]> consumer;

	private final KafkaSourceSettings settings;

	private final Handover handover;

	private final FailedRecords failures;

	private final Map<TopicPartition, AssignedPartition> assigned = new HashMap<>();

	private final BufferedRecords records;

	private final PollFailures pollFailures;

	private boolean pausedAll;

	private boolean fetchStopSeen;

	private long lastPoll;

	/**
	 * Whether the last poll for records was full: the consumer probably holds more
	 * records it already fetched. Polls of paused partitions leave it as it was.
	 */
	private boolean lastPollFull;

	private final OffsetCommitter committer;

	private final ConnectionCheck connection;

	private final PartitionBacklogReader backlog = new PartitionBacklogReader();

	PollLoop(KafkaSource source, Consumer<byte[], byte[]> consumer, KafkaSourceSettings settings, Handover handover,
			SharedDemand demand, Emitter<byte[]> emitter, KafkaClients clients) {
		this.source = source;
		this.consumer = consumer;
		this.settings = settings;
		this.pollFailures = new PollFailures(settings.reconnect(), "Kafka source " + settings.description(), logger);
		this.handover = handover;
		this.records = new BufferedRecords(source, demand, emitter, handover);
		this.failures = new FailedRecords(settings, clients, handover);
		this.committer = new OffsetCommitter(consumer, settings, this.assigned, logger);
		this.connection = new ConnectionCheck(consumer, source);
	}

	void run() {
		this.committer.start(System.nanoTime());
		try {
			this.consumer.subscribe(this.settings.topics(), this);
			while (!this.source.isStopping()) {
				try {
					turn();
					this.pollFailures.succeeded();
				}
				catch (WakeupException ex) {
					// stop() woke the consumer up; the loop condition decides
				}
				catch (RuntimeException ex) {
					this.source.connected(false);
					if (!this.pollFailures.waitAfter(ex, this.handover, this.source::isStopping)) {
						break;
					}
				}
			}
		}
		finally {
			finish();
		}
	}

	private void turn() {
		long now = System.nanoTime();
		boolean fetching = !this.source.isFetchStopped();
		if (!fetching && !this.fetchStopSeen) {
			this.fetchStopSeen = true;
			this.records.clear();
			this.failures.forgetRetries();
			this.source.fetchingStopped();
		}
		settle(this.handover.drain(), now, fetching);
		boolean gathering = fetching && !this.source.isPaused() && this.lastPollFull
				&& this.records.canGather(this.settings.maxPollRecords());
		if (fetching) {
			this.records.addFirst(this.failures.due(now));
			if (!this.source.isPaused() && !gathering) {
				this.records.emit(now);
			}
		}
		else {
			this.failures.due(now);
		}
		this.committer.maybeCommit(now);
		this.connection.checkIfDue(now);
		SourceBacklog.Partitions partitions = this.backlog.readIfDue(this.consumer, this.assigned, now);
		if (partitions != null) {
			this.source.backlog(partitions);
		}
		boolean emitting = fetching && !this.source.isPaused();
		boolean wantsRecords = emitting && (gathering || this.records.isEmpty());
		pauseAll(!wantsRecords);
		if (wantsRecords) {
			// a gathering poll returns at once, with what the consumer fetched
			this.lastPollFull = poll(gathering ? Duration.ZERO : KafkaSourceSettings.POLL_TIMEOUT);
		}
		else if (now - this.lastPoll >= KafkaSourceSettings.IDLE_POLL_INTERVAL) {
			poll(KafkaSourceSettings.IDLE_POLL_TIMEOUT);
		}
		else {
			long wait = KafkaSourceSettings.IDLE_POLL_INTERVAL - (now - this.lastPoll);
			wait = Math.min(wait, this.failures.nextDue(now));
			if (emitting) {
				this.records.awaitDemand(wait, now);
			}
			else {
				this.records.await(wait);
			}
		}
	}

	/**
	 * Polls and buffers what the poll returned.
	 * @param timeout how long the poll may wait for records
	 * @return whether the poll was full ({@code max-poll-records}), so that the consumer
	 * probably holds more records already fetched
	 */
	private boolean poll(Duration timeout) {
		ConsumerRecords<byte[], byte[]> records = this.consumer.poll(timeout);
		this.lastPoll = System.nanoTime();
		for (TopicPartition partition : records.partitions()) {
			AssignedPartition owner = this.assigned.get(partition);
			if (owner == null) {
				continue;
			}
			List<ConsumerRecord<byte[], byte[]>> fetched = records.records(partition);
			if (owner.firstFetched < 0 && !fetched.isEmpty()) {
				owner.firstFetched = fetched.get(0).offset();
			}
			for (int i = 0, n = fetched.size(); i < n; i++) {
				this.records.add(new KafkaDelivery(owner, fetched.get(i), 1, null));
			}
		}
		return records.count() >= this.settings.maxPollRecords();
	}

	private void settle(List<Settlement> settlements, long now, boolean retryAllowed) {
		for (Settlement settlement : settlements) {
			if (settlement instanceof Settlement.Acknowledged acked) {
				AssignedPartition owner = acked.owner();
				if (!isCurrent(owner)) {
					continue;
				}
				owner.inPipeline -= acked.successful().length + acked.failed().size();
				for (long offset : acked.successful()) {
					owner.offsets.settle(offset);
				}
				for (Settlement.Failure failure : acked.failed()) {
					if (this.failures.failed(failure, now, retryAllowed && !owner.isReleased())) {
						owner.offsets.settle(failure.delivery().offset());
					}
				}
			}
			else if (settlement instanceof Settlement.DeadLettered result) {
				AssignedPartition owner = result.failure().delivery().owner();
				if (isCurrent(owner) && this.failures.deadLettered(result, now)) {
					owner.offsets.settle(result.failure().delivery().offset());
				}
			}
		}
	}

	private boolean isCurrent(AssignedPartition owner) {
		return !owner.isReleased() && this.assigned.get(owner.partition) == owner;
	}

	private void pauseAll(boolean pause) {
		if (pause && !this.pausedAll) {
			this.consumer.pause(this.consumer.assignment());
			this.pausedAll = true;
		}
		else if (!pause && this.pausedAll) {
			this.consumer.resume(this.consumer.paused());
			this.pausedAll = false;
		}
	}

	@Override
	public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			this.assigned.put(partition, new AssignedPartition(partition, this.handover,
					(this.settings.ordering() != KafkaOrdering.NONE) ? partition : null));
		}
		this.source.assigned(this.assigned.size());
		if (this.pausedAll && !partitions.isEmpty()) {
			this.consumer.pause(partitions);
		}
		this.source.connected(true);
		logger.debug("Kafka source " + this.settings.description() + " was assigned " + partitions);
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		List<AssignedPartition> leaving = leaving(partitions);
		if (leaving.isEmpty()) {
			return;
		}
		long deadline = System.nanoTime() + this.settings.revocationTimeout();
		while (hasWork(leaving)) {
			long now = System.nanoTime();
			if (now - deadline >= 0) {
				break;
			}
			settle(this.handover.drain(), now, false);
			this.failures.due(now);
			if (hasWork(leaving)) {
				this.handover.await(Math.min(deadline - now, Duration.ofMillis(10).toNanos()), () -> false);
			}
		}
		this.committer.commitNow(leaving);
		letGo(leaving, "revoked");
	}

	@Override
	public void onPartitionsLost(Collection<TopicPartition> partitions) {
		letGo(leaving(partitions), "lost");
	}

	private List<AssignedPartition> leaving(Collection<TopicPartition> partitions) {
		List<AssignedPartition> leaving = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			AssignedPartition owner = this.assigned.get(partition);
			if (owner != null) {
				leaving.add(owner);
			}
		}
		this.records.drop(leaving);
		return leaving;
	}

	private static boolean hasWork(List<AssignedPartition> owners) {
		for (AssignedPartition owner : owners) {
			if (owner.hasWork()) {
				return true;
			}
		}
		return false;
	}

	private void letGo(List<AssignedPartition> leaving, String how) {
		this.failures.forget(leaving);
		long left = 0;
		for (AssignedPartition owner : leaving) {
			owner.release();
			this.assigned.remove(owner.partition);
			left += Math.max(0, owner.inPipeline);
		}
		this.source.assigned(this.assigned.size());
		if (leaving.isEmpty()) {
			return;
		}
		this.source.rebalanced(left);
		if (left > 0) {
			logger.warn("Kafka source " + this.settings.description() + ": partitions " + leaving + " were " + how
					+ " with " + left + " records still in flight; their next owner will handle them again");
		}
		else {
			logger.debug("Kafka source " + this.settings.description() + ": partitions " + leaving + " were " + how);
		}
	}

	private void finish() {
		try {
			settle(this.handover.drain(), System.nanoTime(), false);
			List<AssignedPartition> owners = new ArrayList<>(this.assigned.values());
			this.committer.commitNow(owners);
			for (AssignedPartition owner : owners) {
				owner.release();
			}
			this.assigned.clear();
		}
		catch (RuntimeException ex) {
			logger.warn("Kafka source " + this.settings.description() + " could not commit before closing", ex);
		}
		finally {
			try {
				this.consumer.close(CloseOptions.timeout(KafkaSourceSettings.CLOSE_TIMEOUT));
			}
			catch (RuntimeException ex) {
				logger.debug("Kafka consumer of " + this.settings.description() + " did not close cleanly", ex);
			}
			this.source.connected(false);
			this.source.backlog(null);
			this.source.fetchingStopped();
		}
	}

	long retried() {
		return this.failures.retried;
	}

	long deadLettered() {
		return this.failures.deadLettered;
	}

	long skipped() {
		return this.failures.skipped;
	}

}
