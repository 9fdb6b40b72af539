package dev.pipeline.core.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import dev.pipeline.core.SourceBacklog;
import org.jspecify.annotations.Nullable;

/**
 * The producers of a pipeline: its sources, the demand that flows to them, and the
 * buffers where what they emit waits for a processor: one buffer per processor, filled
 * with the messages that answer its demand, by key when the processors are partitioned,
 * or by {@link KeyAffinity} when they are ordered by key. A processor never waits for
 * messages another processor took. Each source emits through its own
 * {@link SourceEmitter}, which refuses late emissions and holds the rate limit.
 *
 * <p>
 * Demand: each processor asks for its max-demand once, then for as many messages as it
 * has just handled; {@link Demand} takes it to the sources. Since a source emits no more
 * than it was asked for, what waits in the buffers plus what processors hold never
 * exceeds the sum of their max-demand. A message whose key function throws fails here,
 * and its demand is asked again for it.
 */
final class ProducerStage {

	private final Source<Object>[] sources;

	private final SourceEmitter[] emitters;

	private final Placement placement = new Placement();

	private final MessageBuffer[] buffers;

	private final @Nullable Function<Message<Object>, ?> partitionBy;

	private final @Nullable KeyAffinity orderBy;

	private final @Nullable RateLimiter rateLimiter;

	private final Demand demand;

	private final Acknowledgements acknowledgements;

	/**
	 * Each processor's slot in {@link #pending}, a cache line apart, so that processors
	 * writing their own demand do not slow each other down.
	 */
	private static final int SLOT_SHIFT = 4;

	private final LongAdder fetched = new LongAdder();

	/**
	 * Demand used by messages that failed before reaching a processor (their key function
	 * threw), asked of the sources again since no processor will.
	 */
	private final AtomicLong lostDemand = new AtomicLong();

	private final AtomicBoolean replacing = new AtomicBoolean();

	/**
	 * Demand each processor asked for that no emitted message has answered yet, at
	 * {@link #slot}.
	 */
	private final AtomicIntegerArray pending;

	/**
	 * The index of the processor running on the current thread, for demand asked from it.
	 */
	private final ThreadLocal<int[]> currentProcessor = new ThreadLocal<>();

	/**
	 * Whether every processor is sure to ask again: each has messages in its buffer, and
	 * asks once it has handled them.
	 */
	private final BooleanSupplier everyoneAsksAgain = this::everyBufferHolds;

	ProducerStage(String pipeline, Source<Object>[] sources, MessageBuffer[] buffers,
			@Nullable Function<Message<Object>, ?> partitionBy, @Nullable KeyAffinity orderBy,
			@Nullable RateLimiter rateLimiter, Acknowledgements acknowledgements) {
		this.sources = sources;
		this.emitters = new SourceEmitter[sources.length];
		for (int i = 0; i < sources.length; i++) {
			this.emitters[i] = new SourceEmitter(pipeline, sources[i], this, rateLimiter);
		}
		this.buffers = buffers;
		this.partitionBy = partitionBy;
		this.orderBy = orderBy;
		this.pending = new AtomicIntegerArray(buffers.length << SLOT_SHIFT);
		this.rateLimiter = rateLimiter;
		this.demand = new Demand(sources, this.emitters, rateLimiter);
		this.acknowledgements = acknowledgements;
	}

	void start() throws Exception {
		for (int i = 0; i < this.sources.length; i++) {
			this.sources[i].start(this.emitters[i]);
		}
		if (this.rateLimiter != null) {
			this.rateLimiter.start();
		}
	}

	/**
	 * Tells the stage which processor runs on the calling thread; called once by each
	 * processor thread when it starts.
	 * @param processor the processor's index
	 */
	void enter(int processor) {
		this.currentProcessor.set(new int[] { processor });
	}

	/**
	 * Asks the sources for more messages on behalf of a processor, or holds the demand
	 * back. Messages emitted in answer go to that processor's buffer (when the processors
	 * are neither partitioned nor ordered by key). Called by processors; never blocks.
	 * @param processor the processor's index
	 * @param count messages wanted
	 */
	void ask(int processor, int count) {
		if (this.partitionBy == null && this.orderBy == null) {
			// Read only when placing by demand; by key it would only grow
			this.pending.addAndGet(slot(processor), count);
		}
		this.demand.ask(count, this.everyoneAsksAgain);
	}

	private boolean everyBufferHolds() {
		for (MessageBuffer buffer : this.buffers) {
			if (buffer.size() == 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Tells the stage that a processor has handed on the oldest {@code count} messages of
	 * its buffer, so their keys are free again when the processors are ordered by key.
	 * Called by processors after each chunk, before they ask for more.
	 * @param processor the processor's index
	 * @param count messages finished
	 */
	void finished(int processor, int count) {
		if (this.orderBy != null) {
			this.orderBy.finished(processor, count);
		}
	}

	/**
	 * Hands held-back demand to the sources again (after a rate-limit interval).
	 */
	void releaseDeferred() {
		this.demand.releaseDeferred();
	}

	void pause() {
		this.demand.pause();
		for (Source<Object> source : this.sources) {
			source.pause();
		}
	}

	void resume() {
		for (Source<Object> source : this.sources) {
			source.resume();
		}
		this.demand.resume();
	}

	/**
	 * Asks nothing more of the sources, lets them stop fetching, refuses what each emits
	 * once its {@code stopFetching} has returned, then lets processors empty the buffers.
	 * The rate limit holds until every source has stopped fetching.
	 */
	void stopFetching() {
		this.demand.close();
		for (int i = 0; i < this.sources.length; i++) {
			this.sources[i].stopFetching();
			this.emitters[i].close();
		}
		if (this.rateLimiter != null) {
			this.rateLimiter.stop();
		}
		for (MessageBuffer buffer : this.buffers) {
			buffer.close();
		}
	}

	void stopSources(FailureLog log) {
		for (Source<Object> source : this.sources) {
			try {
				source.stop();
			}
			catch (RuntimeException ex) {
				log.error("source " + source.describe() + " failed to stop", ex);
			}
		}
	}

	long fetched() {
		return this.fetched.sum();
	}

	long queued() {
		long queued = 0;
		for (MessageBuffer buffer : this.buffers) {
			queued += buffer.size();
		}
		return queued;
	}

	/**
	 * @return the sources' backlogs combined, or {@code null} when none reports one
	 */
	@Nullable SourceBacklog backlog() {
		SourceBacklog combined = null;
		for (Source<Object> source : this.sources) {
			SourceBacklog backlog = source.backlog();
			if (backlog != null) {
				combined = (combined != null) ? combined.combine(backlog) : backlog;
			}
		}
		return combined;
	}

	long deferredDemand() {
		return this.demand.deferred();
	}

	@Nullable RateLimiter rateLimiter() {
		return this.rateLimiter;
	}

	Source<Object>[] sources() {
		return this.sources;
	}

	boolean isConnected() {
		for (Source<Object> source : this.sources) {
			if (!source.isConnected()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Puts messages a source emitted (and the emitter took) in the processors' buffers.
	 * @param messages the messages, in order
	 * @throws InterruptedException if interrupted while a buffer had no room
	 */
	void place(List<Message<Object>> messages) throws InterruptedException {
		this.placement.place(messages);
	}

	private static int slot(int processor) {
		return processor << SLOT_SHIFT;
	}

	private int partition(Message<Object> message) {
		Object key = this.partitionBy.apply(message);
		return Partitions.of(key, this.buffers.length);
	}

	/** Puts what the sources emit in the processors' buffers. */
	private final class Placement {

		void place(List<Message<Object>> messages) throws InterruptedException {
			KeyAffinity orderBy = ProducerStage.this.orderBy;
			if (orderBy != null) {
				int[] self = ProducerStage.this.currentProcessor.get();
				int failed = orderBy.put(messages, (self != null) ? self[0] : -1);
				if (failed > 0) {
					ProducerStage.this.lostDemand.addAndGet(failed);
				}
			}
			else if (ProducerStage.this.partitionBy == null) {
				putByDemand(messages);
			}
			else {
				putPartitioned(messages);
			}
			ProducerStage.this.fetched.add(messages.size());
			replaceLostDemand();
		}

		/**
		 * Asks the sources again for the demand of messages that failed before reaching a
		 * processor. A source may emit from within its request, and those messages may
		 * fail too: one thread asks at a time, and a nested call leaves its count to it.
		 */
		private void replaceLostDemand() {
			AtomicLong lost = ProducerStage.this.lostDemand;
			AtomicBoolean replacing = ProducerStage.this.replacing;
			while (lost.get() > 0 && replacing.compareAndSet(false, true)) {
				try {
					long count;
					while ((count = lost.getAndSet(0)) > 0) {
						ProducerStage.this.demand.ask((int) Math.min(count, Integer.MAX_VALUE));
					}
				}
				finally {
					replacing.set(false);
				}
			}
		}

		/**
		 * Hands messages to the processors whose demand they answer, as GenStage's demand
		 * dispatcher does: first the processor whose thread emits (a pull source
		 * answering its own ask), then the processors with the most demand outstanding.
		 * Messages beyond every processor's demand (a source that ignores demand) go to
		 * the emptiest buffer, where a full buffer holds the emitting thread.
		 */
		private void putByDemand(List<Message<Object>> messages) throws InterruptedException {
			AtomicIntegerArray pending = ProducerStage.this.pending;
			MessageBuffer[] all = ProducerStage.this.buffers;
			int n = messages.size();
			int from = 0;
			int[] self = ProducerStage.this.currentProcessor.get();
			if (self != null) {
				from = give(self[0], messages, 0, n);
			}
			while (from < n) {
				int target = -1;
				int most = 0;
				int shortest = Integer.MAX_VALUE;
				for (int i = 0; i < all.length; i++) {
					int demand = pending.get(slot(i));
					int queued = all[i].size();
					if (demand > 0 && queued < shortest) {
						shortest = queued;
						most = demand;
						target = i;
					}
				}
				if (most > 0) {
					from = give(target, messages, from, n);
				}
				else {
					int emptiest = 0;
					for (int i = 1; i < all.length; i++) {
						if (all[i].size() < all[emptiest].size()) {
							emptiest = i;
						}
					}
					all[emptiest].put(messages.subList(from, n));
					from = n;
				}
			}
		}

		private int give(int processor, List<Message<Object>> messages, int from, int to) throws InterruptedException {
			AtomicIntegerArray pending = ProducerStage.this.pending;
			while (true) {
				int demand = pending.get(slot(processor));
				int count = Math.min(demand, to - from);
				if (count <= 0) {
					return from;
				}
				if (pending.compareAndSet(slot(processor), demand, demand - count)) {
					ProducerStage.this.buffers[processor]
						.put((from == 0 && count == to) ? messages : messages.subList(from, from + count));
					return from + count;
				}
			}
		}

		private void putPartitioned(List<Message<Object>> messages) throws InterruptedException {
			int[] targets = new int[messages.size()];
			for (int i = 0; i < targets.length; i++) {
				targets[i] = partitionOrFail(messages.get(i));
			}
			MessageBuffer.putEach(ProducerStage.this.buffers, messages, targets);
		}

		/** The message's partition, or -1 when its key function threw (it is failed). */
		private int partitionOrFail(Message<Object> message) {
			try {
				return partition(message);
			}
			catch (RuntimeException ex) {
				ProducerStage.this.lostDemand.incrementAndGet();
				ProducerStage.this.acknowledgements.settle(List.of(),
						List.of(message.failed("The processors' partition-by failed on this message: " + ex, ex)));
				return -1;
			}
		}

	}

}
