package dev.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * The peer of every engine benchmark: the same topology, chunk sizes and buffer bounds as
 * the engine's, built from plain threads and {@link ArrayBlockingQueue}s and nothing else
 * (no demand, no stats, no routing, no failure handling). It is the floor a staged
 * pipeline can reach on this machine with the same messages.
 *
 * <pre>
 *  producer thread ─ chunks of (max-demand − min-demand) ─► ABQ ×1 (×2 partitioned)
 *     ─► 2 worker threads: handler on each message, then
 *          no batcher:   acknowledge the chunk (one call)
 *          with batcher: put the chunk ─► ABQ ─► batcher thread: batches of 100
 *                         (timeout from the first message) ─► ABQ ─► 1 or 2 batch
 *                         threads: acknowledge the batch (one call)
 * </pre>
 *
 * <p>
 * Queue bounds come in two kinds. {@link #CEILING_BOUNDS}, the peer the report calls
 * "bare hand-off", are 1024 entries per queue, so threads hand over in scheduler-sized
 * bursts; this is the floor of hand-off cost. {@link #ENGINE_BOUNDS} are the engine's
 * own, in messages: a producer queue holds processors × max-demand (the engine's producer
 * buffer and demand window), the batcher inbox holds processors × batch size (the
 * engine's batcher inbox), and a batch queue one batch per batch worker (the engine's
 * dispatcher); with so little room, threads block and wake for almost every chunk, which
 * is what a naive hand-off with the engine's back-pressure costs. The producer side is a
 * {@link Feeder} driven by the caller's thread; the other threads end when the feeder
 * {@linkplain Feeder#finish finishes}.
 */
final class BareHandoff {

	/**
	 * Queue bound of the bare hand-off: 1024 entries (chunks, or batches) per queue, so
	 * threads run in scheduler-sized bursts.
	 */
	static final int CEILING_BOUNDS = 1024;

	/**
	 * Queue bounds of the engine itself: a producer queue holds processors × max-demand
	 * messages, the batcher inbox processors × batch size, the batch queue one batch per
	 * batch worker.
	 */
	static final int ENGINE_BOUNDS = 0;

	/** The end-of-stream marker, compared by identity. */
	private static final List<Message<?>> END = new ArrayList<>(0);

	private final String name;

	private final Shape shape;

	private final Acknowledger acknowledger;

	private final BlockingQueue<List<Message<?>>>[] producerQueues;

	private final @Nullable BlockingQueue<List<Message<?>>> inbox;

	private final BlockingQueue<List<Message<?>>>[] batchQueues;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	private final Map<String, ThreadCpu.Usage> usage = new ConcurrentHashMap<>();

	/**
	 * The shape of a hand-off.
	 *
	 * @param processors worker threads
	 * @param maxDemand the engine's processor max-demand, which sets chunk and bound
	 * @param partitionProcessors whether message {@code i} goes to worker {@code i % 2}
	 * @param batchWorkers batch threads, 0 for no batcher
	 * @param partitionBatches whether batches are kept, and handled, per {@code i % 2}
	 * @param batchSize messages per batch
	 * @param batchTimeoutNanos how long a batch may stay open
	 * @param queueEntries how many chunks or batches each queue holds, or
	 * {@link #ENGINE_BOUNDS} for the engine's own bounds
	 */
	record Shape(int processors, int maxDemand, boolean partitionProcessors, int batchWorkers, boolean partitionBatches,
			int batchSize, long batchTimeoutNanos, int queueEntries) {

		static Shape of(Workload workload, int queueEntries) {
			return new Shape(Workload.PROCESSORS, workload.maxDemand, workload.partitionProcessors,
					workload.batchWorkers, workload.partitionBatcher, Workload.BATCH_SIZE,
					Workload.BATCH_TIMEOUT.toNanos(), queueEntries);
		}

		int chunk() {
			return this.maxDemand - this.maxDemand / 2;
		}

	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	BareHandoff(String name, Shape shape, Acknowledger acknowledger) {
		this.name = name;
		this.shape = shape;
		this.acknowledger = acknowledger;
		int chunk = shape.chunk();
		boolean engineBounds = shape.queueEntries() == ENGINE_BOUNDS;
		int queueChunks = engineBounds ? Math.max(1, shape.processors() * shape.maxDemand() / chunk)
				: shape.queueEntries();
		this.producerQueues = new BlockingQueue[shape.partitionProcessors() ? shape.processors() : 1];
		for (int i = 0; i < this.producerQueues.length; i++) {
			this.producerQueues[i] = new ArrayBlockingQueue<>(queueChunks);
		}
		if (shape.batchWorkers() > 0) {
			this.inbox = new ArrayBlockingQueue<>(
					engineBounds ? Math.max(1, shape.processors() * shape.batchSize() / chunk) : shape.queueEntries());
			this.batchQueues = new BlockingQueue[shape.partitionBatches() ? shape.batchWorkers() : 1];
			for (int i = 0; i < this.batchQueues.length; i++) {
				int batches = shape.partitionBatches() ? 1 : shape.batchWorkers();
				this.batchQueues[i] = new ArrayBlockingQueue<>(engineBounds ? batches : shape.queueEntries());
			}
		}
		else {
			this.inbox = null;
			this.batchQueues = new BlockingQueue[0];
		}
	}

	/**
	 * Starts every thread but the producer's.
	 * @return the producer's side, for one thread
	 */
	Feeder start() {
		for (int w = 0; w < this.shape.batchWorkers(); w++) {
			BlockingQueue<List<Message<?>>> queue = this.batchQueues[this.shape.partitionBatches() ? w : 0];
			spawn("batch-" + w, () -> batchWorker(queue));
		}
		if (this.inbox != null) {
			BlockingQueue<List<Message<?>>> in = this.inbox;
			spawn("batcher", () -> batcher(in));
		}
		for (int p = 0; p < this.shape.processors(); p++) {
			BlockingQueue<List<Message<?>>> queue = this.producerQueues[this.shape.partitionProcessors() ? p : 0];
			spawn("worker-" + p, () -> worker(queue));
		}
		return new Feeder();
	}

	/**
	 * Waits for every thread to end, after the feeder finished.
	 * @param timeoutMillis how long to wait for each
	 * @throws IllegalStateException if a thread failed or did not end
	 * @throws InterruptedException if interrupted
	 */
	void join(long timeoutMillis) throws InterruptedException {
		for (Thread thread : this.threads) {
			thread.join(timeoutMillis);
			if (thread.isAlive()) {
				throw new IllegalStateException("Bare hand-off thread " + thread.getName() + " did not end.");
			}
		}
		checkHealthy();
	}

	/**
	 * @throws IllegalStateException if a thread failed
	 */
	void checkHealthy() {
		Throwable failed = this.failure.get();
		if (failed != null) {
			throw new IllegalStateException("Bare hand-off " + this.name + " failed: " + failed, failed);
		}
	}

	/**
	 * @return what each thread that has ended used, by role
	 */
	Map<String, ThreadCpu.Usage> usage() {
		return this.usage;
	}

	/**
	 * Starts a thread of the hand-off, named {@code bare-<name>-<role>}.
	 * @param role what it does
	 * @param work its loop
	 * @return the started thread
	 */
	Thread spawn(String role, Work work) {
		Thread thread = new Thread(() -> {
			try {
				work.run();
			}
			catch (Throwable ex) {
				this.failure.compareAndSet(null, ex);
			}
			finally {
				this.usage.put(role, ThreadCpu.current());
			}
		}, "bare-" + this.name + "-" + role);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	private void worker(BlockingQueue<List<Message<?>>> queue) throws InterruptedException {
		BlockingQueue<List<Message<?>>> out = this.inbox;
		while (true) {
			List<Message<?>> chunk = queue.take();
			if (chunk == END) {
				if (out != null) {
					out.put(END);
				}
				return;
			}
			for (int i = 0, n = chunk.size(); i < n; i++) {
				if (!chunk.get(i).isOk()) {
					throw new IllegalStateException("Message " + chunk.get(i) + " failed");
				}
			}
			if (out != null) {
				out.put(chunk);
			}
			else {
				this.acknowledger.acknowledge(chunk, List.of());
			}
		}
	}

	private void batcher(BlockingQueue<List<Message<?>>> in) throws InterruptedException {
		int partitions = this.shape.partitionBatches() ? this.shape.batchWorkers() : 1;
		OpenBatches open = new OpenBatches(partitions);
		int ended = 0;
		while (true) {
			List<Message<?>> chunk;
			long oldest = open.oldestDeadline();
			if (oldest == Long.MAX_VALUE) {
				chunk = in.take();
			}
			else {
				chunk = in.poll(Math.max(0, oldest - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			if (chunk == END) {
				if (++ended == this.shape.processors()) {
					for (int p = 0; p < partitions; p++) {
						dispatch(open, p);
					}
					int perQueue = this.shape.batchWorkers() / this.batchQueues.length;
					for (BlockingQueue<List<Message<?>>> queue : this.batchQueues) {
						for (int w = 0; w < perQueue; w++) {
							queue.put(END);
						}
					}
					return;
				}
				continue;
			}
			if (chunk != null) {
				long now = System.nanoTime();
				for (int i = 0, n = chunk.size(); i < n; i++) {
					Message<?> message = chunk.get(i);
					int p = (partitions == 1) ? 0 : (int) ((Long) message.data() % partitions);
					if (open.add(p, message, this.shape.batchSize(), now + this.shape.batchTimeoutNanos()) == this.shape
						.batchSize()) {
						dispatch(open, p);
					}
				}
			}
			long now = System.nanoTime();
			for (int p = 0; p < partitions; p++) {
				if (open.deadline(p) != Long.MAX_VALUE && open.deadline(p) - now <= 0) {
					dispatch(open, p);
				}
			}
		}
	}

	private void dispatch(OpenBatches open, int partition) throws InterruptedException {
		List<Message<?>> batch = open.take(partition);
		if (batch != null) {
			this.batchQueues[this.shape.partitionBatches() ? partition : 0].put(batch);
		}
	}

	private void batchWorker(BlockingQueue<List<Message<?>>> queue) throws InterruptedException {
		while (true) {
			List<Message<?>> batch = queue.take();
			if (batch == END) {
				return;
			}
			this.acknowledger.acknowledge(batch, List.of());
		}
	}

	/** A thread's loop. */
	@FunctionalInterface
	interface Work {

		void run() throws Exception;

	}

	/**
	 * The producer's side: collects messages into chunks (one per partition when the
	 * workers are partitioned) and puts each full chunk, waiting for room. Used by one
	 * thread.
	 */
	final class Feeder {

		private final List<Message<?>>[] chunks;

		private final int chunk;

		@SuppressWarnings({ "unchecked", "rawtypes" })
		private Feeder() {
			this.chunk = BareHandoff.this.shape.chunk();
			this.chunks = new List[BareHandoff.this.producerQueues.length];
			for (int i = 0; i < this.chunks.length; i++) {
				this.chunks[i] = new ArrayList<>(this.chunk);
			}
		}

		/**
		 * Adds a message; puts its chunk when full.
		 * @param message the message, whose data is a {@code Long}
		 * @throws InterruptedException if interrupted while waiting for room
		 */
		void add(Message<?> message) throws InterruptedException {
			int p = (this.chunks.length == 1) ? 0 : (int) ((Long) message.data() % this.chunks.length);
			List<Message<?>> current = this.chunks[p];
			current.add(message);
			if (current.size() == this.chunk) {
				BareHandoff.this.producerQueues[p].put(current);
				this.chunks[p] = new ArrayList<>(this.chunk);
			}
		}

		/**
		 * Puts every partial chunk.
		 * @throws InterruptedException if interrupted while waiting for room
		 */
		void flush() throws InterruptedException {
			for (int p = 0; p < this.chunks.length; p++) {
				if (!this.chunks[p].isEmpty()) {
					BareHandoff.this.producerQueues[p].put(this.chunks[p]);
					this.chunks[p] = new ArrayList<>(this.chunk);
				}
			}
		}

		/**
		 * Flushes, then tells every thread that nothing more comes.
		 * @throws InterruptedException if interrupted while waiting for room
		 */
		void finish() throws InterruptedException {
			flush();
			int workers = BareHandoff.this.shape.processors();
			for (BlockingQueue<List<Message<?>>> queue : BareHandoff.this.producerQueues) {
				for (int i = 0; i < workers / BareHandoff.this.producerQueues.length; i++) {
					queue.put(END);
				}
			}
		}

	}

}
