package dev.pipeline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the used heap ({@link MemoryMXBean}) every 10 ms on its own daemon thread while
 * a run goes on, and keeps the highest sample, as Broadway's benchmark's memory sampler
 * does. One sample costs a few microseconds.
 */
final class HeapSampler implements AutoCloseable {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final Thread thread;

	private volatile boolean running = true;

	private volatile long peak;

	private HeapSampler() {
		this.peak = used();
		this.thread = new Thread(this::sample, "bench-heap-sampler");
		this.thread.setDaemon(true);
	}

	/**
	 * Starts sampling.
	 * @return the running sampler
	 */
	static HeapSampler start() {
		HeapSampler sampler = new HeapSampler();
		sampler.thread.start();
		return sampler;
	}

	/**
	 * @return the used heap now, in bytes
	 */
	static long used() {
		return MEMORY.getHeapMemoryUsage().getUsed();
	}

	/**
	 * Collects garbage and lets the collector settle, then reads the used heap: the live
	 * heap, give or take what the collector left.
	 * @return the used heap after a full collection, in bytes
	 * @throws InterruptedException if interrupted while settling
	 */
	static long usedAfterGc() throws InterruptedException {
		System.gc();
		Thread.sleep(200);
		return used();
	}

	private void sample() {
		while (this.running) {
			long now = used();
			if (now > this.peak) {
				this.peak = now;
			}
			LockSupport.parkNanos(PERIOD_NANOS);
		}
	}

	/**
	 * @return the highest used heap seen so far, in bytes
	 */
	long peak() {
		return this.peak;
	}

	@Override
	public void close() {
		this.running = false;
		LockSupport.unpark(this.thread);
	}

}
