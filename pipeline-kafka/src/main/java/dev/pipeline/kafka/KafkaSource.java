package dev.pipeline.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Source;
import dev.pipeline.core.SourceBacklog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline source that consumes Kafka topics as a member of a consumer group. Made by
 * {@link KafkaSources}; one per producer, each with its own consumer and poll thread (a
 * {@code KafkaConsumer} is single-threaded).
 *
 * <p>
 * Back-pressure: the source emits no more than the pipeline demanded. Records fetched
 * beyond the demand wait in a local buffer of at most one poll
 * ({@code max-poll-records}); meanwhile every assigned partition is paused and the
 * consumer keeps polling, so a slow pipeline never exceeds {@code max.poll.interval.ms}
 * and never causes a rebalance.
 *
 * <p>
 * Offsets: a record's offset is committed only when it and every earlier offset of its
 * partition were acknowledged (successful, or failed and then dead-lettered or skipped).
 * Commits are asynchronous, batched by {@code commit-count} and {@code commit-interval},
 * synchronous when twice {@code commit-count} acknowledged records wait for the broker's
 * confirmation, and when partitions are revoked and when the source stops.
 * Acknowledgements arrive on pipeline threads and are handed over to the poll thread, the
 * only thread that touches the consumer.
 *
 * <p>
 * Threads: {@link #request(int)} from pipeline threads (never blocks); the lifecycle
 * methods from the pipeline's lifecycle thread; emission happens on the poll thread.
 *
 * @since 0.1.0
 */
public final class KafkaSource implements Source<byte[]> {

	private static final Log logger = LogFactory.getLog(KafkaSource.class);

	private final KafkaSourceSettings settings;

	private final KafkaClients clients;

	private final SharedDemand demand;

	private final String clientIdSuffix;

	private final Handover handover = new Handover();

	private final CountDownLatch fetchingStopped = new CountDownLatch(1);

	private final AtomicLong emitted = new AtomicLong();

	private final AtomicLong releasedAtRevocation = new AtomicLong();

	private final AtomicLong rebalances = new AtomicLong();

	private volatile boolean fetchStopped;

	private volatile boolean stopping;

	private volatile boolean paused;

	private volatile boolean connected;

	private volatile int assignedPartitions;

	private volatile SourceBacklog.@Nullable Partitions backlog;

	private volatile @Nullable Consumer<byte[], byte[]> consumer;

	private volatile @Nullable Thread pollThread;

	private volatile @Nullable PollLoop loop;

	KafkaSource(KafkaSourceSettings settings, KafkaClients clients, SharedDemand demand, String clientIdSuffix) {
		this.settings = settings;
		this.clients = clients;
		this.demand = demand;
		this.clientIdSuffix = clientIdSuffix;
		demand.join(this.handover);
	}

	@Override
	public void start(Emitter<byte[]> emitter) {
		Map<String, Object> overrides = Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.settings.maxPollRecords());
		Consumer<byte[], byte[]> created = this.clients.createConsumer(this.settings.groupId(), this.clientIdSuffix,
				overrides);
		this.consumer = created;
		PollLoop pollLoop = new PollLoop(this, created, this.settings, this.handover, this.demand, emitter,
				this.clients);
		this.loop = pollLoop;
		Thread thread = new Thread(pollLoop::run, "pipeline-kafka-" + this.clientIdSuffix);
		thread.setDaemon(true);
		this.pollThread = thread;
		thread.start();
	}

	@Override
	public void request(int count) {
		this.demand.add(count);
	}

	@Override
	public void pause() {
		this.paused = true;
	}

	@Override
	public void resume() {
		this.paused = false;
		this.handover.signal();
	}

	/**
	 * Stops emitting: records fetched and not yet emitted are dropped (they were never
	 * committed, so the group reads them again later), partitions stay paused, and the
	 * poll thread keeps settling and committing what the pipeline acknowledges. Returns
	 * when the poll thread has emitted its last record.
	 */
	@Override
	public void stopFetching() {
		this.fetchStopped = true;
		this.handover.signal();
		if (this.pollThread == null) {
			return;
		}
		try {
			if (!this.fetchingStopped.await(this.settings.revocationTimeout() + Duration.ofSeconds(5).toNanos(),
					TimeUnit.NANOSECONDS)) {
				logger.warn("Kafka source " + describe() + " did not confirm that it stopped fetching");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Commits what was acknowledged, leaves the group and closes the consumer. Records
	 * not acknowledged by then are not committed, so the group's next member reads them
	 * again; acknowledgements that arrive later are ignored.
	 */
	@Override
	public void stop() {
		this.fetchStopped = true;
		this.stopping = true;
		this.handover.signal();
		Consumer<byte[], byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread thread = this.pollThread;
		if (thread != null) {
			try {
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (thread.isAlive()) {
				logger.warn("Kafka source " + describe() + " did not stop within 30s");
			}
		}
	}

	@Override
	public String describe() {
		return this.settings.description();
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	/**
	 * Returns what this source has done since it started.
	 * @return a snapshot of its counters
	 */
	public KafkaSourceStats stats() {
		PollLoop current = this.loop;
		long retried = 0;
		long deadLettered = 0;
		long skipped = 0;
		if (current != null) {
			retried = current.retried();
			deadLettered = current.deadLettered();
			skipped = current.skipped();
		}
		return new KafkaSourceStats(this.emitted.get(), this.assignedPartitions, retried, deadLettered, skipped,
				this.releasedAtRevocation.get(), this.rebalances.get());
	}

	/**
	 * Returns the lag, committed offset, end offset and pause of each assigned partition,
	 * as the poll thread last read them (about once a second, from the consumer's own
	 * metadata).
	 * @return the backlog, or {@code null} before the first read and once stopped
	 */
	@Override
	public SourceBacklog.@Nullable Partitions backlog() {
		return this.backlog;
	}

	void backlog(SourceBacklog.@Nullable Partitions partitions) {
		this.backlog = partitions;
	}

	boolean isFetchStopped() {
		return this.fetchStopped;
	}

	boolean isStopping() {
		return this.stopping;
	}

	boolean isPaused() {
		return this.paused;
	}

	void fetchingStopped() {
		this.fetchingStopped.countDown();
	}

	void connected(boolean isConnected) {
		this.connected = isConnected;
	}

	void emitted(int count) {
		this.emitted.addAndGet(count);
	}

	void assigned(int partitions) {
		this.assignedPartitions = partitions;
	}

	void rebalanced(long leftInFlight) {
		this.rebalances.incrementAndGet();
		this.releasedAtRevocation.addAndGet(leftInFlight);
	}

	@Override
	public String toString() {
		return "KafkaSource[" + describe() + ", " + this.clientIdSuffix + "]";
	}

}
