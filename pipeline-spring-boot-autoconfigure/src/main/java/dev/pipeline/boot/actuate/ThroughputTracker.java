package dev.pipeline.boot.actuate;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;
import org.jspecify.annotations.Nullable;

/**
 * Measures each pipeline's throughput over a sliding window (a minute by default): a
 * small ring of samples of the messages settled so far (succeeded plus failed), taken
 * every {@code window / 12} by a daemon thread and on every read. The count carries over
 * restarts, whose figures start again from zero.
 *
 * <p>
 * Thread-safe. {@link #start()} starts the sampling thread, {@link #close()} stops it;
 * without it, samples are taken only on reads.
 *
 * @since 0.1.0
 */
public final class ThroughputTracker implements AutoCloseable {

	private static final int SLOTS = 13;

	private final PipelineRegistry registry;

	private final long windowNanos;

	private final LongSupplier nanoClock;

	private final ConcurrentHashMap<String, Ring> rings = new ConcurrentHashMap<>();

	private @Nullable ScheduledExecutorService sampler;

	/**
	 * Creates a tracker over the last minute.
	 * @param registry the pipelines
	 */
	public ThroughputTracker(PipelineRegistry registry) {
		this(registry, Duration.ofMinutes(1), System::nanoTime);
	}

	/**
	 * Creates a tracker.
	 * @param registry the pipelines
	 * @param window how far back throughput is measured
	 * @param nanoClock the time, as {@link System#nanoTime()}
	 */
	public ThroughputTracker(PipelineRegistry registry, Duration window, LongSupplier nanoClock) {
		this.registry = registry;
		this.windowNanos = window.toNanos();
		this.nanoClock = nanoClock;
	}

	/** Starts sampling in the background. */
	public synchronized void start() {
		if (this.sampler == null) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((work) -> {
				Thread thread = new Thread(work, "pipeline-throughput");
				thread.setDaemon(true);
				return thread;
			});
			long period = Math.max(1, this.windowNanos / (SLOTS - 1));
			executor.scheduleAtFixedRate(this::sampleAll, period, period, TimeUnit.NANOSECONDS);
			this.sampler = executor;
		}
	}

	@Override
	public synchronized void close() {
		if (this.sampler != null) {
			this.sampler.shutdownNow();
			this.sampler = null;
		}
	}

	/**
	 * Samples a pipeline now and returns its throughput over the window (or since the
	 * first sample, when that is more recent).
	 * @param pipeline the pipeline
	 * @param stats its current figures
	 * @return messages settled per second; 0 before there are two samples
	 */
	public double perSecond(Pipeline<?> pipeline, PipelineStats stats) {
		Ring ring = ring(pipeline.name());
		return ring.sampleAndRate(stats.succeeded() + stats.failed(), this.nanoClock.getAsLong(), this.windowNanos);
	}

	private void sampleAll() {
		for (Pipeline<?> pipeline : this.registry.pipelines()) {
			PipelineStats stats = pipeline.stats();
			ring(pipeline.name()).sampleAndRate(stats.succeeded() + stats.failed(), this.nanoClock.getAsLong(),
					this.windowNanos);
		}
	}

	private Ring ring(String name) {
		return this.rings.computeIfAbsent(name, (key) -> new Ring());
	}

	private static final class Ring {

		private final long[] times = new long[SLOTS];

		private final long[] totals = new long[SLOTS];

		private int size;

		private int next;

		private long lastRaw;

		private long base;

		synchronized double sampleAndRate(long raw, long now, long window) {
			if (raw < this.lastRaw) {
				this.base += this.lastRaw;
			}
			this.lastRaw = raw;
			long total = this.base + raw;
			int latest = (this.next + SLOTS - 1) % SLOTS;
			boolean replace = this.size > 1 && now - this.times[latest] < window / (SLOTS - 1) / 2;
			int slot = replace ? latest : this.next;
			this.times[slot] = now;
			this.totals[slot] = total;
			if (!replace) {
				this.next = (this.next + 1) % SLOTS;
				this.size = Math.min(SLOTS, this.size + 1);
			}
			int oldest = -1;
			for (int i = 0; i < this.size; i++) {
				int index = (this.next + SLOTS - this.size + i) % SLOTS;
				if (now - this.times[index] <= window) {
					oldest = index;
					break;
				}
			}
			if (oldest < 0 || this.times[oldest] == now) {
				return 0;
			}
			return (total - this.totals[oldest]) * 1e9 / (now - this.times[oldest]);
		}

	}

}
