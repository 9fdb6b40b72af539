package dev.pipeline.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;

/**
 * The poll thread of one {@link KafkaShareSource}: the only thread that touches its share
 * consumer. One turn of the loop:
 * <ol>
 * <li>acknowledge what the pipeline settled (accept, release, reject) and publish dead
 * letters;</li>
 * <li>emit acquired records, at most as many as the pipeline demanded;</li>
 * <li>when every record of the last poll is acknowledged (the client refuses to poll
 * before) and the pipeline has demand: poll, which also sends the acknowledgements;</li>
 * <li>otherwise send the acknowledgements made so far, at least every
 * {@code acknowledge-interval}, so the broker learns of them before the records'
 * acquisition locks run out, and wait for the pipeline.</li>
 * </ol>
 * Records held for half the acquisition lock (waiting for demand, or in the pipeline)
 * have their locks renewed: the loop acknowledges them with {@code RENEW}, commits, and
 * polls them again (the client returns a renewed record from the next poll as a new
 * object, with its delivery count unchanged); the pipeline's verdict on a record is then
 * given on the object the client returned last.
 */
final class ShareLoop {

	private static final Log logger = LogFactory.getLog(ShareLoop.class);

	private final KafkaShareSource source;

	private final ShareConsumer<byte[], byte[]> consumer;

	private final KafkaShareSettings settings;

	private final KafkaClients clients;

	private final Emitter<byte[]> emitter;

	private final ArrayDeque<ShareDelivery> buffer = new ArrayDeque<>();

	/** Emitted records not yet settled: the record emitted, to the one to acknowledge. */
	private final Map<ConsumerRecord<byte[], byte[]>, ConsumerRecord<byte[], byte[]>> outstanding = new IdentityHashMap<>();

	private long heldSince;

	private int deadLettersInFlight;

	private final PollFailures pollFailures;

	private int unsent;

	private long lastSend;

	private boolean fetchStopSeen;

	ShareLoop(KafkaShareSource source, ShareConsumer<byte[], byte[]> consumer, KafkaShareSettings settings,
			KafkaClients clients, Emitter<byte[]> emitter) {
		this.source = source;
		this.consumer = consumer;
		this.settings = settings;
		this.pollFailures = new PollFailures(settings.reconnect(), "Kafka share source " + settings.description(),
				logger);
		this.clients = clients;
		this.emitter = emitter;
	}

	void run() {
		try {
			this.consumer.setAcknowledgementCommitCallback(this::acknowledged);
			this.consumer.subscribe(this.settings.topics());
			this.lastSend = System.nanoTime();
			while (!this.source.isStopping()) {
				try {
					turn();
					this.pollFailures.succeeded();
				}
				catch (WakeupException ex) {
					// the loop condition decides
				}
				catch (RuntimeException ex) {
					this.source.connected(false);
					if (!this.pollFailures.waitAfter(ex, this.source.wakeups(), this.source::isStopping)) {
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
			releaseBuffered();
			this.source.fetchingStopped();
		}
		settle();
		renewLocks(now);
		if (fetching && !this.source.isPaused()) {
			emit();
		}
		boolean batchDone = batchDone();
		this.source.acquired(this.buffer.size() + this.outstanding.size());
		boolean wantsRecords = fetching && !this.source.isPaused() && batchDone;
		if (wantsRecords && this.source.demand().available()) {
			poll();
			return;
		}
		if (this.unsent > 0 && (batchDone || now - this.lastSend >= this.settings.acknowledgeInterval())) {
			send(now);
		}
		long wait = (this.unsent > 0) ? this.settings.acknowledgeInterval() - (now - this.lastSend)
				: KafkaShareSettings.IDLE_WAIT;
		if (isHolding()) {
			wait = Math.min(wait, Math.max(1, this.heldSince + renewAfter() - now));
		}
		this.source.wakeups()
			.await(wait,
					() -> this.source.isStopping() || !this.source.outcomes().isEmpty()
							|| (this.source.isFetchStopped() != !fetching) || (!this.source.isPaused()
									&& this.source.demand().available() && (!this.buffer.isEmpty() || wantsRecords)));
	}

	private boolean batchDone() {
		return this.buffer.isEmpty() && this.outstanding.isEmpty() && this.deadLettersInFlight == 0;
	}

	private void poll() {
		ConsumerRecords<byte[], byte[]> records = this.consumer.poll(KafkaShareSettings.POLL_TIMEOUT);
		this.unsent = 0;
		this.lastSend = System.nanoTime();
		this.heldSince = this.lastSend;
		this.source.connected(true);
		for (ConsumerRecord<byte[], byte[]> record : records) {
			this.buffer.add(new ShareDelivery(record, null));
		}
	}

	private boolean isHolding() {
		return !this.buffer.isEmpty() || !this.outstanding.isEmpty();
	}

	/**
	 * The time after which held records have their locks renewed: half the acquisition
	 * lock, so a renewal that takes a round trip or two still lands in time.
	 * @return nanoseconds
	 */
	private long renewAfter() {
		return this.consumer.acquisitionLockTimeoutMs()
			.map((millis) -> TimeUnit.MILLISECONDS.toNanos(millis) / 2)
			.orElse(KafkaShareSettings.DEFAULT_RENEW_AFTER);
	}

	private void renewLocks(long now) {
		if (!isHolding() || now - this.heldSince < renewAfter()) {
			return;
		}
		Map<String, ConsumerRecord<byte[], byte[]>> renewing = new HashMap<>();
		for (Map.Entry<ConsumerRecord<byte[], byte[]>, ConsumerRecord<byte[], byte[]>> held : this.outstanding
			.entrySet()) {
			this.consumer.acknowledge(held.getValue(), AcknowledgeType.RENEW);
			renewing.put(key(held.getValue()), held.getKey());
		}
		int buffered = this.buffer.size();
		for (ShareDelivery delivery : this.buffer) {
			this.consumer.acknowledge(delivery.record(), AcknowledgeType.RENEW);
		}
		this.buffer.clear();
		this.consumer.commitSync(KafkaShareSettings.CLOSE_TIMEOUT);
		this.unsent = 0;
		this.lastSend = System.nanoTime();
		this.heldSince = this.lastSend;
		int expected = renewing.size() + buffered;
		int returned = 0;
		for (int attempt = 0; attempt < KafkaShareSettings.RENEW_POLLS && returned < expected; attempt++) {
			for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(KafkaShareSettings.POLL_TIMEOUT)) {
				ConsumerRecord<byte[], byte[]> emitted = renewing.remove(key(record));
				if (emitted != null) {
					this.outstanding.put(emitted, record);
				}
				else {
					this.buffer.add(new ShareDelivery(record, null));
				}
				returned++;
			}
		}
		this.source.renewed.addAndGet(expected);
		if (returned < expected) {
			logger.warn("Kafka share source " + this.settings.description() + " renewed the locks of " + expected
					+ " records but got " + returned + " of them back; the broker delivers the others again");
		}
	}

	private static String key(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	private void send(long now) {
		this.consumer.commitAsync();
		this.unsent = 0;
		this.lastSend = now;
	}

	private void emit() {
		int count = this.source.demand().take(this.buffer.size());
		if (count == 0) {
			return;
		}
		List<Message<byte[]>> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ShareDelivery delivery = this.buffer.poll();
			ConsumerRecord<byte[], byte[]> record = delivery.record();
			this.outstanding.put(record, record);
			byte[] value = record.value();
			messages.add(Message.of((value != null) ? value : new byte[0], new ShareRecordMetadata(delivery),
					this.source.acknowledger(), delivery));
		}
		this.source.emitted.addAndGet(count);
		this.emitter.emit(messages);
	}

	private void settle() {
		Outcome outcome;
		while ((outcome = this.source.outcomes().poll()) != null) {
			ConsumerRecord<byte[], byte[]> record = outcome.delivery().record();
			if (!this.outstanding.containsKey(record)) {
				continue;
			}
			switch (outcome.verdict()) {
				case ACCEPT -> acknowledge(record, AcknowledgeType.ACCEPT);
				case RELEASE -> acknowledge(record, AcknowledgeType.RELEASE);
				case REJECT -> {
					logger.debug("Rejecting " + outcome.delivery() + ": " + outcome.reason());
					acknowledge(record, AcknowledgeType.REJECT);
				}
				case DEAD_LETTER -> deadLetter(outcome);
				case DEAD_LETTERED -> {
					this.deadLettersInFlight--;
					this.source.deadLettered.incrementAndGet();
					acknowledge(record, AcknowledgeType.ACCEPT);
				}
				case DEAD_LETTER_FAILED -> {
					this.deadLettersInFlight--;
					acknowledge(record, AcknowledgeType.RELEASE);
				}
			}
		}
	}

	private void acknowledge(ConsumerRecord<byte[], byte[]> emitted, AcknowledgeType type) {
		ConsumerRecord<byte[], byte[]> current = this.outstanding.remove(emitted);
		ConsumerRecord<byte[], byte[]> record = (current != null) ? current : emitted;
		try {
			this.consumer.acknowledge(record, type);
		}
		catch (IllegalStateException ex) {
			this.source.refused.incrementAndGet();
			logger.warn("Kafka share source " + this.settings.description() + " could not acknowledge " + record.topic()
					+ "-" + record.partition() + "@" + record.offset() + " with " + type, ex);
			return;
		}
		this.unsent++;
		switch (type) {
			case ACCEPT -> this.source.accepted.incrementAndGet();
			case RELEASE -> this.source.released.incrementAndGet();
			case REJECT -> this.source.rejected.incrementAndGet();
			default -> {
			}
		}
	}

	private void deadLetter(Outcome outcome) {
		ShareDelivery delivery = outcome.delivery();
		ConsumerRecord<byte[], byte[]> record = delivery.record();
		ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(this.settings.deadLetterTopicFor(record.topic()),
				null, record.key(), record.value(), DeadLetterHeaders.of(record, this.settings.groupId(),
						String.valueOf(outcome.reason()), outcome.cause(), delivery.deliveryCount()));
		this.deadLettersInFlight++;
		try {
			this.clients.publish(letter)
				.whenComplete((result, ex) -> this.source.handOver(new Outcome(delivery,
						(ex != null) ? Verdict.DEAD_LETTER_FAILED : Verdict.DEAD_LETTERED, outcome.reason(), null)));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish " + delivery + " to its dead-letter topic; releasing it", ex);
			this.source.handOver(new Outcome(delivery, Verdict.DEAD_LETTER_FAILED, outcome.reason(), null));
		}
	}

	private void releaseBuffered() {
		ShareDelivery delivery;
		while ((delivery = this.buffer.poll()) != null) {
			this.outstanding.put(delivery.record(), delivery.record());
			acknowledge(delivery.record(), AcknowledgeType.RELEASE);
		}
		if (this.unsent > 0) {
			send(System.nanoTime());
		}
	}

	private void acknowledged(Map<TopicIdPartition, Set<Long>> offsets, @Nullable Exception ex) {
		if (ex == null) {
			return;
		}
		long count = 0;
		for (Set<Long> partition : offsets.values()) {
			count += partition.size();
		}
		this.source.refused.addAndGet(count);
		logger.warn("The broker refused " + count + " acknowledgements of " + this.settings.description()
				+ " (a record whose acquisition lock expired was delivered again): " + ex);
	}

	private void finish() {
		try {
			settle();
			releaseBuffered();
			for (ConsumerRecord<byte[], byte[]> record : new ArrayList<>(this.outstanding.keySet())) {
				acknowledge(record, AcknowledgeType.RELEASE);
			}
			this.consumer.commitSync(KafkaShareSettings.CLOSE_TIMEOUT);
		}
		catch (RuntimeException ex) {
			logger.warn("Kafka share source " + this.settings.description()
					+ " could not send its last acknowledgements; the broker releases those records", ex);
		}
		finally {
			try {
				this.consumer.close(KafkaShareSettings.CLOSE_TIMEOUT);
			}
			catch (RuntimeException ex) {
				logger.debug("Kafka share consumer of " + this.settings.description() + " did not close cleanly", ex);
			}
			this.source.connected(false);
			this.source.fetchingStopped();
		}
	}

	/** What the pipeline, or the dead-letter producer, decided for one record. */
	enum Verdict {

		ACCEPT, RELEASE, REJECT, DEAD_LETTER, DEAD_LETTERED, DEAD_LETTER_FAILED;

		static Verdict of(ShareFailureAction action) {
			return switch (action) {
				case RELEASE -> RELEASE;
				case REJECT -> REJECT;
				case DEAD_LETTER -> DEAD_LETTER;
			};
		}

	}

	/**
	 * One record's outcome, handed to the poll thread.
	 *
	 * @param delivery the record
	 * @param verdict what to do
	 * @param reason why it failed, or {@code null}
	 * @param cause the exception that failed it, or {@code null}
	 */
	record Outcome(ShareDelivery delivery, Verdict verdict, @Nullable String reason, @Nullable Throwable cause) {
	}

}
