package dev.pipeline.rabbitmq;

import java.util.concurrent.locks.LockSupport;

/**
 * Ends a source's linger: one daemon thread that parks until the held group's deadline,
 * then runs the hand-over of the source's {@link DeliveryGroups}.
 *
 * <p>
 * Nothing is woken per delivery or per group while deliveries flow: the thread ticks once
 * a linger, by itself. The deadline and the time the thread parks until are guarded by
 * the source's lock. A group that starts while the thread is parked until a time within
 * the linger takes that time as its deadline (so it waits less than the linger, never
 * more), and no one wakes the thread. When the thread wakes and finds no group, it parks
 * for one more linger if a group was armed since it last looked (the delivery thread
 * emits most groups itself, once full, once their deadline has passed or once the
 * channel's prefetch window is full), and without a deadline otherwise; only then does
 * the next group wake it. So a busy stream costs at most one wake-up a linger, and a
 * quiet one none.
 *
 * <p>
 * WARNING: {@link #arm}, {@link #disarm} and {@link #due} must be called holding the
 * source's lock, and {@link #wake} without it.
 */
final class LingerThread implements Runnable {

	/** What {@link #wakeAt} holds while the thread parks without a deadline. */
	private static final long IDLE = Long.MAX_VALUE;

	private final Object lock;

	private final long lingerNanos;

	private final Runnable flush;

	private final Thread thread;

	/** The held group's deadline ({@link System#nanoTime()}); 0 when none is armed. */
	private long deadline;

	/** Whether a group was armed since the thread last looked. */
	private boolean armed;

	/**
	 * Until when the thread parks; {@link #IDLE} while it parks without a deadline.
	 * Written by the thread only.
	 */
	private long wakeAt = IDLE;

	private volatile boolean stopped;

	/**
	 * @param lock the source's lock, guarding the deadline
	 * @param lingerNanos how long a group waits at most
	 * @param flush emits the held group; called on this thread without the lock
	 * @param name the thread's name
	 */
	LingerThread(Object lock, long lingerNanos, Runnable flush, String name) {
		this.lock = lock;
		this.lingerNanos = lingerNanos;
		this.flush = flush;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	void stop() {
		this.stopped = true;
		LockSupport.unpark(this.thread);
	}

	/**
	 * Arms the deadline of a new group, unless one is armed. Called holding the lock.
	 * @param now when the group's first delivery arrived
	 * @return whether the thread must be {@linkplain #wake woken} to see the deadline
	 */
	boolean arm(long now) {
		if (this.deadline != 0) {
			return false;
		}
		this.armed = true;
		if (this.wakeAt == IDLE) {
			this.deadline = now + this.lingerNanos;
			return true;
		}
		long ahead = this.wakeAt - now;
		// Parked until within the linger: that is the deadline. Past it: the thread is
		// awake, or about to be, and will see the deadline.
		this.deadline = (ahead >= 0 && ahead <= this.lingerNanos) ? this.wakeAt : now + this.lingerNanos;
		return false;
	}

	/**
	 * Whether the armed deadline has passed. Called holding the lock.
	 * @param now the time
	 * @return whether a deadline is armed and has passed
	 */
	boolean due(long now) {
		return this.deadline != 0 && now - this.deadline >= 0;
	}

	/** Forgets the armed deadline: the group was emitted. Called holding the lock. */
	void disarm() {
		this.deadline = 0;
	}

	/** Wakes the thread to see a new deadline. Called without the lock. */
	void wake() {
		LockSupport.unpark(this.thread);
	}

	@Override
	public void run() {
		while (!this.stopped) {
			long now = System.nanoTime();
			boolean fire = false;
			synchronized (this.lock) {
				if (due(now)) {
					this.deadline = 0;
					this.wakeAt = now;
					// deliveries are flowing: tick once more before going idle
					this.armed = true;
					fire = true;
				}
				else if (this.deadline != 0) {
					this.wakeAt = this.deadline;
					this.armed = false;
				}
				else {
					this.wakeAt = this.armed ? now + this.lingerNanos : IDLE;
					this.armed = false;
				}
			}
			if (fire) {
				this.flush.run();
			}
			else if (this.wakeAt == IDLE) {
				LockSupport.park(this);
			}
			else {
				LockSupport.parkNanos(this, this.wakeAt - now);
			}
		}
	}

}
