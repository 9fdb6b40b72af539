package dev.pipeline.rabbitmq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The deliveries a {@link RabbitSource} holds against the pipeline's demand, grouped for
 * the linger, and their hand-over to the emitter.
 *
 * <p>
 * Grouping: a delivery that arrives within the linger of the previous one waits, with the
 * others held, until 64 are held (or as many as the demand), the linger has passed since
 * the first of them arrived, or the channel's prefetch window is full (nothing more can
 * arrive before an acknowledgement), so that a busy stream wakes a processor once per
 * group rather than once per message. The client's consumer thread hands the group over
 * itself whenever it can; a {@link LingerThread} does so only for a group whose linger
 * ends with no delivery after it.
 *
 * <p>
 * Hand-over: emission happens on whichever thread finds demand and held messages together
 * (the consumer thread, a processor thread in {@link #request}, the linger thread), one
 * thread at a time, in delivery order, and never while paused or after fetching stopped.
 *
 * <p>
 * Locking: the demand, the held messages, the flags and the linger's deadline are guarded
 * by the source's lock, so that the source changes its session and these together.
 * WARNING: {@link #open}, {@link #discard} and {@link #drop} must be called holding that
 * lock; the other methods take it themselves and must be called without it.
 */
final class DeliveryGroups {

	private static final Log logger = LogFactory.getLog(RabbitSource.class);

	/** The most deliveries that wait together for the linger. */
	private static final int LINGER_CHUNK = 64;

	private final Object lock;

	private final long lingerNanos;

	/** The source's description, for the log. */
	private final String source;

	private final ArrayDeque<Message<byte[]>> held = new ArrayDeque<>();

	private final AtomicInteger emitting = new AtomicInteger();

	private long lastDelivery;

	private long demand;

	private boolean paused;

	private boolean fetching;

	private @Nullable Emitter<byte[]> emitter;

	/** Ends the linger of a group no delivery follows; null when the linger is zero. */
	private @Nullable LingerThread linger;

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
	}

	/**
	 * Starts the linger thread, unless the linger is zero.
	 * @param name the thread's name
	 */
	void startLinger(String name) {
		if (this.lingerNanos > 0) {
			LingerThread thread = new LingerThread(this.lock, this.lingerNanos, this::handOver, name);
			synchronized (this.lock) {
				this.linger = thread;
			}
			thread.start();
		}
	}

	/** Stops the linger thread, if there is one. */
	void stopLinger() {
		LingerThread lingering = this.linger;
		if (lingering != null) {
			lingering.stop();
		}
	}

	void request(int count) {
		synchronized (this.lock) {
			this.demand += count;
		}
		handOver();
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
	 * Holds a delivery and hands the group over, or leaves it to wait for the linger.
	 * Called on the client's consumer thread.
	 * @param message the delivery
	 * @param windowFull whether the channel's prefetch window is full with it
	 */
	void delivered(Message<byte[]> message, boolean windowFull) {
		boolean now;
		boolean wake = false;
		long arrived = System.nanoTime();
		LingerThread lingering;
		synchronized (this.lock) {
			lingering = this.linger;
			this.held.addLast(message);
			now = lingering == null || arrived - this.lastDelivery > this.lingerNanos
					|| this.held.size() >= Math.min(LINGER_CHUNK, this.demand) || windowFull || lingering.due(arrived);
			this.lastDelivery = arrived;
			if (!now) {
				wake = lingering.arm(arrived);
			}
		}
		if (now) {
			handOver();
		}
		else if (wake && lingering != null) {
			lingering.wake();
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
					LingerThread lingering = this.linger;
					if (this.held.isEmpty() && lingering != null) {
						lingering.disarm();
					}
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
