package dev.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;

/**
 * The poll thread of one {@link KafkaSource}: the only thread that touches its consumer
 * and its offsets. Design, in the order of one turn of the loop:
 * <ol>
 * <li>settle what pipeline threads handed over (acks, dead-letter outcomes);</li>
 * <li>emit buffered records, at most as many as the pipeline demanded, once that demand
 * is worth using ({@link DemandPacer});</li>
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
 * {@link DemandPacer} when demand is worth using, {@link FailedRecords} retries and dead
 * letters, {@link PartitionBacklogReader} the backlog figures and {@link ConnectionCheck}
 * the connection state.
 *
 * <p>
 * One exception to "this thread": while it waits for demand with records in hand, it
 * lends its emission (step 2, which touches no consumer) to the thread whose ask brings
 * that demand ({@link Handover#awaitDemand}); that thread holds the poll thread's role
 * meanwhile, so the two never run it at once and records leave in order.
 */
final class PollLoop implements ConsumerRebalanceListener {

	private static final Log logger = LogFactory.getLog(PollLoop.class);

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

	/** What an emission made on this thread's behalf threw, for its turn to handle. */
	private @Nullable RuntimeException lentEmissionFailure;

	private final OffsetCommitter committer;

	private final DemandPacer pacer = new DemandPacer();

	private final ConnectionCheck connection;

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
		this.committer.maybeCommit(now);
		this.connection.checkIfDue(now);
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
				wait = this.pacer.boundWait(wait, now);
				this.handover.awaitDemand(wait, this.pacer.wanted(this.buffer.size()), false, this::canEmit,
						this::emitOnBehalf);
				RuntimeException failure = this.lentEmissionFailure;
				if (failure != null) {
					this.lentEmissionFailure = null;
					throw failure;
				}
			}
			else {
				this.handover.await(wait, this::canEmit);
			}
		}
	}

	/**
	 * Emits while this thread waits for demand, on the thread that brought the demand
	 * ({@link Handover#awaitDemand}), which holds the poll thread's role meanwhile.
	 * @return whether the poll thread is needed now: its records are all handed over, or
	 * the source stopped or paused
	 */
	private boolean emitOnBehalf() {
		if (this.source.isStopping() || this.source.isFetchStopped() || this.source.isPaused()) {
			return true;
		}
		try {
			emit(System.nanoTime());
		}
		catch (RuntimeException ex) {
			// the poll thread's turn handles it, as when it emits itself
			this.lentEmissionFailure = ex;
			return true;
		}
		return this.buffer.isEmpty();
	}

	private boolean canEmit() {
		return this.source.isStopping() || (!this.buffer.isEmpty() && !this.source.isPaused()
				&& this.demand.current() >= Math.max(1, this.pacer.wanted(this.buffer.size())));
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
	 * Emits what the demand allows, when the {@link DemandPacer} says the demand is worth
	 * using.
	 */
	private void emit(long now) {
		if (!this.pacer.ready(this.demand.current(), this.buffer.size(), now)) {
			return;
		}
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
