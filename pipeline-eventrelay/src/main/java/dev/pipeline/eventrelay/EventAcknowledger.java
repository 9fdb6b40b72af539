package dev.pipeline.eventrelay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Settles the events of one source start. A success needs no call: the lock its pull took
 * consumes the event. A failure is unlocked ({@code UnLockQueuedEvents}) so that a later
 * pull returns it again, or left locked when its mode is
 * {@link EventRelayFailureMode#DISCARD}.
 *
 * <p>
 * Grouping: failures wait in one list, and one unlock call at a time takes everything
 * that waits, so failures settled while a call is in flight go together in the next. A
 * failed unlock call puts its ids back and is tried again after a back-off step.
 *
 * <p>
 * Outstanding events (handed to the pipeline, not settled) are kept by id, so that
 * {@link #close(Duration)} unlocks every one of them when the source stops before they
 * were handled. Settlements that arrive after that are ignored: those events were
 * unlocked and are delivered again.
 */
final class EventAcknowledger implements Acknowledger {

	private static final Logger logger = LoggerFactory.getLogger(EventAcknowledger.class);

	/** The most ids in one unlock call. */
	static final int UNLOCK_CHUNK = 1000;

	private final EventRelayClient client;

	private final SourceConfig config;

	private final ScheduledExecutorService timer;

	private final Counters counters;

	private final String name;

	/** Pulls with events handed to the pipeline and not settled. */
	private final Set<PulledBatch> outstanding = ConcurrentHashMap.newKeySet();

	/** Read: settling; write: closing, so no settlement runs across the close. */
	private final ReadWriteLock closing = new ReentrantReadWriteLock();

	/** Guards the fields below. */
	private final Object lock = new Object();

	private final List<String> waiting = new ArrayList<>();

	private final BackOffSteps delays;

	private boolean unlocking;

	private @Nullable ScheduledFuture<?> retry;

	private volatile boolean closed;

	EventAcknowledger(EventRelayClient client, SourceConfig config, ScheduledExecutorService timer, Counters counters,
			String name) {
		this.client = client;
		this.config = config;
		this.timer = timer;
		this.counters = counters;
		this.name = name;
		this.delays = config.backOffSteps();
	}

	/**
	 * Records a pull's events as handed to the pipeline; called before they are emitted.
	 * @param batch the events
	 */
	void emitting(PulledBatch batch) {
		this.outstanding.add(batch);
	}

	/**
	 * @return events handed to the pipeline and not settled
	 */
	int outstanding() {
		int count = 0;
		for (PulledBatch batch : this.outstanding) {
			count += batch.remaining();
		}
		return count;
	}

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
		this.closing.readLock().lock();
		try {
			if (isClosed()) {
				return;
			}
			// Messages of one pull come in runs: each run is settled under one lock
			for (int i = 0, n = successful.size(); i < n;) {
				PulledBatch batch = ack(successful.get(i)).batch();
				i = batch.settleRun(successful, i);
				if (batch.remaining() == 0) {
					this.outstanding.remove(batch);
				}
			}
			if (failed.isEmpty()) {
				return;
			}
			List<String> unlock = new ArrayList<>(failed.size());
			for (Message<?> message : failed) {
				EventAck ack = ack(message);
				if (!settle(ack)) {
					continue;
				}
				EventRelayFailureMode mode = (ack.onFailure() != null) ? ack.onFailure() : this.config.onFailure();
				if (mode == EventRelayFailureMode.UNLOCK) {
					unlock.add(ack.id());
				}
				else {
					this.counters.discarded.increment();
				}
			}
			giveBack(unlock);
		}
		finally {
			this.closing.readLock().unlock();
		}
	}

	@Override
	public @Nullable Object configure(@Nullable Object ackData, Object option) {
		if (!(option instanceof EventRelayAckOption.OnFailure onFailure)) {
			throw new UnsupportedOperationException("The EventRelay source does not understand the acknowledgement "
					+ "option " + option + "; use EventRelayAckOption.onFailure(mode).");
		}
		if (!(ackData instanceof EventAck ack)) {
			throw new IllegalArgumentException("Not an EventRelay event: " + ackData);
		}
		return new EventAck(ack.batch(), ack.index(), onFailure.mode());
	}

	/**
	 * Unlocks events, grouped with other failures; returns at once.
	 * @param ids the events' ids
	 */
	void giveBack(List<String> ids) {
		if (ids.isEmpty()) {
			return;
		}
		synchronized (this.lock) {
			this.waiting.addAll(ids);
		}
		flush();
	}

	/**
	 * Stops settling, waits for an unlock call in flight, then unlocks every event that
	 * waits or is outstanding, and waits for the answers.
	 * @param timeout how long it may take
	 * @return how many events were unlocked here
	 */
	long close(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> left;
		this.closing.writeLock().lock();
		try {
			synchronized (this.lock) {
				this.closed = true;
				if (this.retry != null && this.retry.cancel(false)) {
					this.unlocking = false;
				}
				while (this.unlocking && System.nanoTime() < deadline) {
					try {
						this.lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						break;
					}
				}
				left = new ArrayList<>(this.waiting);
				this.waiting.clear();
			}
			for (PulledBatch batch : this.outstanding) {
				batch.settleRest(left);
			}
			this.outstanding.clear();
		}
		finally {
			this.closing.writeLock().unlock();
		}
		long unlocked = 0;
		for (int from = 0; from < left.size(); from += UNLOCK_CHUNK) {
			List<String> chunk = left.subList(from, Math.min(left.size(), from + UNLOCK_CHUNK));
			long remaining = Math.max(1, deadline - System.nanoTime());
			Status status = this.client.unlockNow(chunk, Duration.ofNanos(remaining));
			if (status.isOk()) {
				unlocked += chunk.size();
				this.counters.unlocked.add(chunk.size());
			}
			else {
				this.counters.stranded.add(chunk.size());
				logger.error(
						"{} could not unlock {} events fetched and not handled ({}: {}); they stay locked at "
								+ "destination {}",
						this.name, chunk.size(), status.getCode(), status.getDescription(),
						this.config.destinationId());
			}
		}
		return unlocked;
	}

	/** Marks an event settled; returns whether it was not settled before. */
	private boolean settle(EventAck ack) {
		PulledBatch batch = ack.batch();
		int left = batch.settle(ack.index());
		if (left == 0) {
			this.outstanding.remove(batch);
		}
		return left >= 0;
	}

	private boolean isClosed() {
		return this.closed;
	}

	private void flush() {
		List<String> batch;
		synchronized (this.lock) {
			if (this.unlocking || this.waiting.isEmpty() || this.closed) {
				return;
			}
			int size = Math.min(UNLOCK_CHUNK, this.waiting.size());
			batch = new ArrayList<>(this.waiting.subList(0, size));
			this.waiting.subList(0, size).clear();
			this.unlocking = true;
		}
		this.client.unlock(batch, new EventRelayClient.Answer<>() {

			@Override
			public void completed(Integer value) {
				EventAcknowledger.this.counters.unlocked.add(batch.size());
				synchronized (EventAcknowledger.this.lock) {
					EventAcknowledger.this.delays.reset();
					EventAcknowledger.this.unlocking = false;
					EventAcknowledger.this.lock.notifyAll();
				}
				flush();
			}

			@Override
			public void failed(Status status) {
				unlockFailed(batch, status);
			}

		});
	}

	private void unlockFailed(List<String> batch, Status status) {
		this.counters.unlockFailures.increment();
		long delay;
		synchronized (this.lock) {
			this.waiting.addAll(0, batch);
			delay = this.delays.next();
			if (this.closed || delay == BackOffExecution.STOP) {
				this.unlocking = false;
				this.lock.notifyAll();
			}
			if (this.closed) {
				return;
			}
			if (delay != BackOffExecution.STOP) {
				try {
					this.retry = this.timer.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
				}
				catch (RejectedExecutionException ex) {
					this.unlocking = false;
					this.lock.notifyAll();
					return;
				}
			}
		}
		if (delay == BackOffExecution.STOP) {
			logger.error(
					"{} could not unlock {} failed events at {} ({}: {}); not trying again: its back-off has no "
							+ "attempts left, so EventRelay delivers them again when their locks expire",
					this.name, batch.size(), this.client.describe(), status.getCode(), status.getDescription());
			return;
		}
		logger.warn("{} could not unlock {} failed events at {} ({}: {}); next attempt in {} ms", this.name,
				batch.size(), this.client.describe(), status.getCode(), status.getDescription(), delay);
	}

	private void retry() {
		synchronized (this.lock) {
			this.retry = null;
			this.unlocking = false;
			this.lock.notifyAll();
		}
		this.client.reconnectNow();
		flush();
	}

	private static EventAck ack(Message<?> message) {
		if (message.ackData() instanceof EventAck ack) {
			return ack;
		}
		throw new IllegalArgumentException("Not an EventRelay event: " + message);
	}

}
