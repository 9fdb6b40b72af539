package dev.pipeline.rabbitmq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The deliveries a {@link RabbitSource} holds against the pipeline's demand, grouped for
 * the linger, and their hand-over to the emitter.
 *
 * <p>
 * Grouping: a delivery that arrives within the linger of the previous one waits, with the
 * others held, until a delivery finds that the group would be a linger old before the
 * next one comes (judged by the gap before it): that delivery hands the group over, on
 * the client's consumer thread. On a busy stream that is one wake-up of a processor per
 * group, and no thread of the source's. An idle processor leans on the source
 * ({@link #linger}) for the group that nothing follows: it waits until
 * {@value #RETURN_LINGERS} lingers after the group started (or for
 * {@value #RETURN_LINGERS} lingers, while deliveries flow and none is held) and then
 * comes back, on its own thread, for what is held; another idle processor backs it up,
 * coming back {@value #BACKUP_LINGERS} lingers after the first should have. The leaning
 * processor comes back later than the linger so that on a busy stream its timed wait
 * seldom runs out: a delivery hands the group over first, and a wait that a hand-over
 * ends costs less than one that runs out and wakes a processor that may find nothing. The
 * consumer thread also hands the group over once 64 are held (or as many as the demand),
 * once the channel's prefetch window is full (nothing more can arrive before an
 * acknowledgement), and for the first delivery after a quiet spell longer than the
 * linger. A processor's ask ({@link #request}) also takes what is held. So a group that
 * deliveries follow waits about the linger, and one that nothing follows at most
 * {@value #RETURN_LINGERS} lingers, except while the leaning processor is busy with other
 * messages: it waits until that processor asks again, or the one backing it up comes
 * back.
 *
 * <p>
 * Why a held group is never forgotten: a processor waits without a time only when nothing
 * is held and no delivery came within the linger (the next delivery goes at once and
 * wakes one, which then leans on the source), when the source has no demand (the next ask
 * hands over), or while paused (resuming hands over).
 *
 * <p>
 * Hand-over: emission happens on whichever thread finds demand and held messages together
 * (the consumer thread, a processor thread in {@link #request} or {@link #linger}), one
 * thread at a time, in delivery order, and never while paused or after fetching stopped.
 *
 * <p>
 * Locking: the demand, the held messages, the flags and who leans on the source are
 * guarded by the source's lock, so that the source changes its session and these
 * together. WARNING: {@link #open}, {@link #discard} and {@link #drop} must be called
 * holding that lock; the other methods take it themselves and must be called without it.
 */
final class DeliveryGroups {

	private static final Log logger = LogFactory.getLog(RabbitSource.class);

	/** The most deliveries that wait together for the linger. */
	private static final int LINGER_CHUNK = 64;

	/**
	 * How many lingers after a group started (or after it leaned on the source, while
	 * none is held) the leaning processor comes back.
	 */
	private static final int RETURN_LINGERS = 2;

	/**
	 * How many lingers after the leaning processor's time a processor that backs it up
	 * comes back.
	 */
	private static final int BACKUP_LINGERS = 8;

	private final Object lock;

	private final long lingerNanos;

	/** The source's description, for the log. */
	private final String source;

	private final ArrayDeque<Message<byte[]>> held = new ArrayDeque<>();

	private final AtomicInteger emitting = new AtomicInteger();

	private long lastDelivery;

	/** When the oldest held delivery arrived. */
	private long groupStart;

	/** The processor thread that leans on the source; null when none. */
	private @Nullable Thread lingerer;

	/** When the leaning processor comes back ({@link System#nanoTime()}). */
	private long lingerUntil;

	private long demand;

	private boolean paused;

	private boolean fetching;

	private @Nullable Emitter<byte[]> emitter;

	/**
	 * @param lock the source's lock
	 * @param lingerNanos how long a group waits at most; 0 hands every delivery over at
	 * once
	 * @param source the source's description, for the log
	 */
	DeliveryGroups(Object lock, long lingerNanos, String source) {
		this.lock = lock;
		this.lingerNanos = lingerNanos;
		this.source = source;
	}

	/**
	 * Starts handing over to the given emitter, with no demand. Called holding the lock.
	 * @param target the pipeline's emitter
	 */
	void open(Emitter<byte[]> target) {
		this.emitter = target;
		this.demand = 0;
		this.paused = false;
		this.fetching = true;
		this.lingerer = null;
	}

	void request(int count) {
		synchronized (this.lock) {
			this.demand += count;
		}
		handOver();
	}

	/**
	 * Called by a processor with nothing left to handle (see {@link Source#linger()}):
	 * hands it the held group when the group is due or the processor comes back as
	 * agreed, then leans on it when a group is held or deliveries are flowing. When
	 * another processor leans on the source already, the caller only backs it up: it
	 * comes back {@value #BACKUP_LINGERS} lingers after the other one should have, in
	 * case that one is busy with other messages meanwhile.
	 * @return when the processor should call again, or {@link Source#NO_LINGER}
	 */
	long linger() {
		if (this.lingerNanos == 0) {
			return Source.NO_LINGER;
		}
		Thread caller = Thread.currentThread();
		long now = System.nanoTime();
		boolean due;
		synchronized (this.lock) {
			if (!this.fetching || this.paused) {
				return Source.NO_LINGER;
			}
			boolean agreed = this.lingerer == caller;
			due = !this.held.isEmpty() && this.demand > 0
					&& (agreed || now - this.groupStart >= this.lingerNanos || lingererLate(now));
			if (due) {
				// Leaned on while it hands over, so what arrives meanwhile waits for it
				this.lingerer = caller;
				this.lingerUntil = now + this.lingerNanos;
			}
		}
		if (due) {
			handOver();
		}
		synchronized (this.lock) {
			if (this.lingerer != null && this.lingerer != caller && !lingererLate(now)) {
				return this.lingerUntil + BACKUP_LINGERS * this.lingerNanos;
			}
			if (this.lingerer == caller) {
				this.lingerer = null;
			}
			if (!this.fetching || this.paused) {
				return Source.NO_LINGER;
			}
			long until;
			if (!this.held.isEmpty()) {
				if (this.demand == 0) {
					return Source.NO_LINGER;
				}
				until = this.groupStart + RETURN_LINGERS * this.lingerNanos;
			}
			else if (now - this.lastDelivery < this.lingerNanos) {
				until = now + RETURN_LINGERS * this.lingerNanos;
			}
			else {
				return Source.NO_LINGER;
			}
			this.lingerer = caller;
			this.lingerUntil = until;
			return until;
		}
	}

	/**
	 * Whether the processor leaning on the source has not come back a linger after it
	 * should have: busy with other messages. Called holding the lock.
	 */
	private boolean lingererLate(long now) {
		return this.lingerer != null && now - this.lingerUntil >= this.lingerNanos;
	}

	void pause() {
		synchronized (this.lock) {
			this.paused = true;
		}
	}

	void resume() {
		synchronized (this.lock) {
			this.paused = false;
		}
		handOver();
	}

	/**
	 * Holds a delivery and hands the group over, or leaves it to the processor that leans
	 * on the source. Called on the client's consumer thread.
	 * @param message the delivery
	 * @param windowFull whether the channel's prefetch window is full with it
	 */
	void delivered(Message<byte[]> message, boolean windowFull) {
		boolean now;
		synchronized (this.lock) {
			// Read under the lock: the group's age and the gap are then never
			// negative when channels deliver concurrently
			long arrived = System.nanoTime();
			if (this.held.isEmpty()) {
				this.groupStart = arrived;
			}
			this.held.addLast(message);
			// The group would be a linger old before the next delivery comes; this also
			// covers a zero linger and the first delivery after a quiet spell
			now = (arrived - this.groupStart) + (arrived - this.lastDelivery) >= this.lingerNanos
					|| this.held.size() >= Math.min(LINGER_CHUNK, this.demand) || windowFull;
			this.lastDelivery = arrived;
		}
		if (now) {
			handOver();
		}
	}

	/**
	 * Stops handing over and takes what is held, once no thread is emitting any more.
	 * @return the messages held, in delivery order
	 */
	List<Message<byte[]>> close() {
		List<Message<byte[]>> rest;
		synchronized (this.lock) {
			this.fetching = false;
			rest = new ArrayList<>(this.held);
			this.held.clear();
		}
		while (this.emitting.get() != 0) {
			Thread.onSpinWait();
		}
		return rest;
	}

	/** Stops handing over and forgets what is held. Called holding the lock. */
	void discard() {
		this.fetching = false;
		this.held.clear();
	}

	/**
	 * Forgets the held messages of a channel that died. Called holding the lock.
	 * @param acknowledger the channel's acknowledger
	 */
	void drop(ChannelAcknowledger acknowledger) {
		this.held.removeIf((message) -> message.acknowledger() == acknowledger);
	}

	/**
	 * Emits held messages while there is demand. One thread emits at a time: a thread
	 * that finds another one emitting leaves it a note to look again, so nothing is left
	 * behind and delivery order is kept.
	 */
	void handOver() {
		if (this.emitting.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		while (true) {
			List<Message<byte[]>> batch = null;
			Emitter<byte[]> target;
			synchronized (this.lock) {
				target = this.emitter;
				int count = (int) Math.min(this.demand, this.held.size());
				if (this.fetching && !this.paused && count > 0 && target != null) {
					batch = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						batch.add(this.held.pollFirst());
					}
					this.demand -= count;
				}
			}
			if (batch != null) {
				emit(target, batch);
				continue;
			}
			missed = this.emitting.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	private void emit(Emitter<byte[]> target, List<Message<byte[]>> batch) {
		try {
			target.emit(batch);
		}
		catch (RuntimeException ex) {
			// Still unacknowledged at the broker: redelivered once the channel closes
			logger.error(this.source + " could not hand " + batch.size() + " messages to the pipeline", ex);
		}
	}

}
