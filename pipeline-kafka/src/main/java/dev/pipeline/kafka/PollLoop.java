package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.SourceBacklog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The poll thread of one {@link KafkaSource}: the only thread that touches its consumer
 * and its offsets. Design, in the order of one turn of the loop:
 * <ol>
 * <li>settle what pipeline threads handed over (acks, dead-letter outcomes);</li>
 * <li>emit buffered records, at most as many as the pipeline demanded;</li>
 * <li>commit, asynchronously, when {@code commit-count} records were settled in order or
 * enough time passed; synchronously when asynchronous commits lag behind by twice
 * {@code commit-count};</li>
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
 * Over 400 lines: the consumer is not thread-safe, so everything that touches it (poll,
 * pause, commit, revocation, dead-letter hand-off) lives on this one thread, in one
 * class, where the order of the steps above can be read in one place.
 */
final class PollLoop implements ConsumerRebalanceListener {

	private static final Log logger = LogFactory.getLog(PollLoop.class);

	private static final OffsetCommitCallback NO_CALLBACK = (offsets, ex) -> {
	};

	private final KafkaSource source;

	private final Consumer<byte[], byte[]> consumer;

	private final KafkaSourceSettings settings;

	private final Handover handover;

	private final SharedDemand demand;

	private final Emitter<byte[]> emitter;

	private final FailedRecords failures;

	private final Map<TopicPartition, AssignedPartition> assigned = new HashMap<>();

	private final ArrayDeque<KafkaDelivery> buffer = new ArrayDeque<>();

	private final PollFailures pollFailures;

	private boolean pausedAll;

	private boolean fetchStopSeen;

	private long lastPoll;

	private long lastCommit;

	private long lastConnectionCheck;

	/** The most demand the poll thread has seen available at once. */
	private long peakDemand;

	/** When demand below {@link #demandWanted()} was first seen, -1 when none waits. */
	private long partialSince = -1;

	private final PartitionBacklogReader backlog = new PartitionBacklogReader();

	PollLoop(KafkaSource source, Consumer<byte[], byte[]> consumer, KafkaSourceSettings settings, Handover handover,
			SharedDemand demand, Emitter<byte[]> emitter, KafkaClients clients) {
		this.source = source;
		this.consumer = consumer;
		this.settings = settings;
		this.pollFailures = new PollFailures(settings.reconnect(), "Kafka source " + settings.description(), logger);
		this.handover = handover;
		this.demand = demand;
		this.emitter = emitter;
		this.failures = new FailedRecords(settings, clients, handover);
	}

	void run() {
		this.lastCommit = System.nanoTime();
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
			this.buffer.clear();
			this.failures.forgetRetries();
			this.source.fetchingStopped();
		}
		settle(this.handover.drain(), now, fetching);
		if (fetching) {
			List<KafkaDelivery> retries = this.failures.due(now);
			for (int i = retries.size() - 1; i >= 0; i--) {
				this.buffer.addFirst(retries.get(i));
			}
			if (!this.source.isPaused()) {
				emit(now);
			}
		}
		else {
			this.failures.due(now);
		}
		maybeCommit(now);
		checkConnection(now);
		SourceBacklog.Partitions partitions = this.backlog.readIfDue(this.consumer, this.assigned, now);
		if (partitions != null) {
			this.source.backlog(partitions);
		}
		boolean emitting = fetching && !this.source.isPaused();
		boolean wantsRecords = emitting && this.buffer.isEmpty();
		pauseAll(!wantsRecords);
		if (wantsRecords) {
			poll(KafkaSourceSettings.POLL_TIMEOUT);
		}
		else if (now - this.lastPoll >= KafkaSourceSettings.IDLE_POLL_INTERVAL) {
			poll(KafkaSourceSettings.IDLE_POLL_TIMEOUT);
		}
		else {
			long wait = KafkaSourceSettings.IDLE_POLL_INTERVAL - (now - this.lastPoll);
			wait = Math.min(wait, this.failures.nextDue(now));
			if (emitting) {
				if (this.partialSince >= 0) {
					wait = Math.min(wait, this.partialSince + KafkaSourceSettings.PARTIAL_DEMAND_WAIT - now);
				}
				this.handover.awaitDemand(wait, demandWanted(), false, this::canEmit);
			}
			else {
				this.handover.await(wait, this::canEmit);
			}
		}
	}

	/**
	 * The demand worth waking for while records wait: all of them, or half the most
	 * demand seen at once, whichever is less. Half the most demand seen is reached while
	 * the processors still hold the other half, so they keep working while the poll
	 * thread hands over the next slice, and it wakes once per slice rather than once per
	 * processor's ask.
	 */
	private long demandWanted() {
		return Math.min(this.buffer.size(), Math.max(1, this.peakDemand / 2));
	}

	private boolean canEmit() {
		return this.source.isStopping() || (!this.buffer.isEmpty() && !this.source.isPaused()
				&& this.demand.current() >= Math.max(1, demandWanted()));
	}

	private void poll(Duration timeout) {
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
				this.buffer.add(new KafkaDelivery(owner, fetched.get(i), 1, null));
			}
		}
	}

	/**
	 * Emits what the demand allows, once it reaches {@link #demandWanted()}; demand below
	 * that is used once it has waited {@link KafkaSourceSettings#PARTIAL_DEMAND_WAIT}
	 * (processors that hold the rest for a long time, a rate limit that grants little at
	 * a time). Such demand does not wake the poll thread: it is seen at its next turn, at
	 * the latest after {@link KafkaSourceSettings#IDLE_POLL_INTERVAL}.
	 */
	private void emit(long now) {
		long available = this.demand.current();
		this.peakDemand = Math.max(this.peakDemand, available);
		if (available <= 0 || this.buffer.isEmpty()) {
			this.partialSince = -1;
			return;
		}
		if (available < demandWanted()) {
			if (this.partialSince < 0) {
				this.partialSince = now;
			}
			if (now - this.partialSince < KafkaSourceSettings.PARTIAL_DEMAND_WAIT) {
				return;
			}
		}
		this.partialSince = -1;
		int count = this.demand.take(this.buffer.size());
		if (count == 0) {
			return;
		}
		List<Message<byte[]>> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			KafkaDelivery delivery = this.buffer.poll();
			AssignedPartition owner = delivery.owner();
			if (delivery.attempt() == 1) {
				owner.offsets.emitted(delivery.offset());
			}
			owner.inPipeline++;
			messages.add(delivery.toMessage());
		}
		this.source.emitted(count);
		this.emitter.emit(messages);
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
	 */
	private void maybeCommit(long now) {
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
				logger.debug("Offset commit failed for " + this.settings.description() + "; it will be retried", ex);
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

	private void commitNow(Collection<AssignedPartition> owners) {
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
			logger.warn("Could not commit " + offsets + " for " + this.settings.description()
					+ "; the partitions' next owner will see those records again", ex);
		}
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

	private void checkConnection(long now) {
		if (now - this.lastConnectionCheck < KafkaSourceSettings.IDLE_POLL_INTERVAL * 10) {
			return;
		}
		this.lastConnectionCheck = now;
		boolean connected = true;
		for (Map.Entry<MetricName, ? extends Metric> entry : this.consumer.metrics().entrySet()) {
			MetricName name = entry.getKey();
			if (name.name().equals("connection-count") && name.group().equals("consumer-metrics")
					&& entry.getValue().metricValue() instanceof Double count) {
				connected = count > 0;
			}
		}
		this.source.connected(connected);
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
		commitNow(leaving);
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
		this.buffer.removeIf((delivery) -> leaving.contains(delivery.owner()));
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
			commitNow(owners);
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
