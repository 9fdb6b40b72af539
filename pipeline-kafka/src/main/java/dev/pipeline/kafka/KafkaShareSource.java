package dev.pipeline.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageStatus;
import dev.pipeline.core.Source;
import dev.pipeline.core.SourceBacklog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline source that consumes Kafka topics as a member of a share group (KIP-932):
 * records are acquired, not assigned, so more consumers than partitions share the work,
 * and each record is acknowledged on its own. Made by {@link KafkaShareSources}; one per
 * producer, each with its own share consumer and poll thread (a share consumer is
 * single-threaded).
 *
 * <p>
 * Acknowledgement, explicit per record: a successful message is accepted; a failed one is
 * released, rejected or dead-lettered ({@link ShareFailureAction}), as
 * {@code on-failure}, {@code max-deliveries} or the handler's {@link KafkaShareAckOption}
 * say.
 *
 * <p>
 * Back-pressure: the consumer polls only while the pipeline has demand, and the client
 * requires every record of a poll to be acknowledged before the next poll, so at most
 * {@code max-poll-records} records are acquired and not yet handled.
 *
 * <p>
 * Threads: {@link #request(int)} and the acknowledger run on pipeline threads and only
 * hand over; the consumer is touched by the poll thread alone.
 *
 * @since 0.2.0
 */
public final class KafkaShareSource implements Source<byte[]> {

	private static final Log logger = LogFactory.getLog(KafkaShareSource.class);

	private final KafkaShareSettings settings;

	private final KafkaClients clients;

	private final SharedDemand demand;

	private final String clientIdSuffix;

	private final Handover wakeups = new Handover();

	private final ConcurrentLinkedQueue<ShareLoop.Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final CountDownLatch fetchingStopped = new CountDownLatch(1);

	private final Acknowledger acknowledger = new ShareAcknowledger();

	final AtomicLong emitted = new AtomicLong();

	final AtomicLong accepted = new AtomicLong();

	final AtomicLong released = new AtomicLong();

	final AtomicLong rejected = new AtomicLong();

	final AtomicLong deadLettered = new AtomicLong();

	final AtomicLong renewed = new AtomicLong();

	final AtomicLong refused = new AtomicLong();

	private volatile boolean fetchStopped;

	/**
	 * Records acquired and not yet acknowledged, as the poll thread last counted; -1
	 * before.
	 */
	private volatile long acquired = -1;

	private volatile boolean stopping;

	private volatile boolean paused;

	private volatile boolean connected;

	private volatile @Nullable Thread pollThread;

	KafkaShareSource(KafkaShareSettings settings, KafkaClients clients, SharedDemand demand, String clientIdSuffix) {
		this.settings = settings;
		this.clients = clients;
		this.demand = demand;
		this.clientIdSuffix = clientIdSuffix;
		demand.join(this.wakeups);
	}

	@Override
	public void start(Emitter<byte[]> emitter) {
		Map<String, Object> overrides = Map.of(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
				ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit", ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
				this.settings.maxPollRecords());
		ShareConsumer<byte[], byte[]> created = this.clients.createShareConsumer(this.settings.groupId(),
				this.clientIdSuffix, overrides);
		ShareLoop loop = new ShareLoop(this, created, this.settings, this.clients, emitter);
		Thread thread = new Thread(loop::run, "pipeline-kafka-share-" + this.clientIdSuffix);
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
		this.wakeups.signal();
	}

	/**
	 * Stops emitting: records acquired and not yet emitted are released at once, so
	 * another consumer of the group gets them, and the poll thread keeps acknowledging
	 * what the pipeline settles. Returns when the poll thread has emitted its last
	 * record.
	 */
	@Override
	public void stopFetching() {
		this.fetchStopped = true;
		this.wakeups.signal();
		if (this.pollThread == null) {
			return;
		}
		try {
			if (!this.fetchingStopped.await(30, TimeUnit.SECONDS)) {
				logger.warn("Kafka share source " + describe() + " did not confirm that it stopped fetching");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Releases every record emitted and not acknowledged by now, sends the
	 * acknowledgements, and closes the consumer. Acknowledgements that arrive later are
	 * ignored.
	 */
	@Override
	public void stop() {
		this.fetchStopped = true;
		this.stopping = true;
		this.wakeups.signal();
		Thread thread = this.pollThread;
		if (thread != null) {
			try {
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (thread.isAlive()) {
				logger.warn("Kafka share source " + describe() + " did not stop within 30s");
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
	public KafkaShareSourceStats stats() {
		return new KafkaShareSourceStats(this.emitted.get(), this.accepted.get(), this.released.get(),
				this.rejected.get(), this.deadLettered.get(), this.refused.get(), this.renewed.get());
	}

	/**
	 * Returns the records this source has acquired and not yet acknowledged, as its poll
	 * thread last counted them (once per turn of its loop).
	 * @return the backlog, or {@code null} before the first count
	 */
	@Override
	public SourceBacklog.@Nullable Acquired backlog() {
		long count = this.acquired;
		return (count >= 0) ? new SourceBacklog.Acquired(count) : null;
	}

	void acquired(long count) {
		this.acquired = count;
	}

	Acknowledger acknowledger() {
		return this.acknowledger;
	}

	SharedDemand demand() {
		return this.demand;
	}

	Handover wakeups() {
		return this.wakeups;
	}

	ConcurrentLinkedQueue<ShareLoop.Outcome> outcomes() {
		return this.outcomes;
	}

	void handOver(ShareLoop.Outcome outcome) {
		this.outcomes.add(outcome);
		this.wakeups.signal();
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

	@Override
	public String toString() {
		return "KafkaShareSource[" + describe() + ", " + this.clientIdSuffix + "]";
	}

	/**
	 * Turns the pipeline's verdicts into acknowledgement types, on pipeline threads, and
	 * hands them to the poll thread.
	 */
	private final class ShareAcknowledger implements Acknowledger {

		@Override
		public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
			if (KafkaShareSource.this.stopping) {
				return;
			}
			for (Message<?> message : successful) {
				ShareDelivery delivery = (ShareDelivery) message.ackData();
				KafkaShareSource.this.outcomes
					.add(new ShareLoop.Outcome(delivery, ShareLoop.Verdict.ACCEPT, null, null));
			}
			for (Message<?> message : failed) {
				ShareDelivery delivery = (ShareDelivery) message.ackData();
				ShareFailureAction action = (delivery.onFailure() != null) ? delivery.onFailure()
						: KafkaShareSource.this.settings.onFailure(delivery.deliveryCount());
				String reason = "Failed.";
				Throwable cause = null;
				if (message.status() instanceof MessageStatus.Failed status) {
					reason = status.reason();
					cause = status.cause();
				}
				KafkaShareSource.this.outcomes
					.add(new ShareLoop.Outcome(delivery, ShareLoop.Verdict.of(action), reason, cause));
			}
			KafkaShareSource.this.wakeups.signal();
		}

		@Override
		public @Nullable Object configure(@Nullable Object ackData, Object option) {
			if (!(ackData instanceof ShareDelivery delivery) || !(option instanceof KafkaShareAckOption.OnFailure on)) {
				throw new UnsupportedOperationException("A Kafka share-group message takes a KafkaShareAckOption, not "
						+ option + "; use KafkaShareAckOption.onFailure(ShareFailureAction.REJECT), for example");
			}
			return new ShareDelivery(delivery.record(), on.action());
		}

		@Override
		public String toString() {
			return "kafka share " + KafkaShareSource.this.clientIdSuffix;
		}

	}

}
