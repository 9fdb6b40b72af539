package dev.pipeline.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.ProcessorSettings;
import dev.pipeline.core.RateLimit;
import dev.pipeline.core.Source;
import dev.pipeline.core.StageStats;
import org.jspecify.annotations.Nullable;

/**
 * One running instance of a pipeline's stages, built from a validated spec in explicit
 * steps: plan the stages and their bounds, then start them from the last stage to the
 * first, then the sources. A topology runs once; a restart builds a new one.
 *
 * <p>
 * Threads: one per processor, one per batcher, one per batch worker. The producers have
 * none of their own: a source emits from the thread that asked it (a pull source) or from
 * its client's threads (a push source).
 *
 * <p>
 * Ending: when the sources are done and a processor's buffer is empty, the processor
 * ends; when all have ended, the batchers flush what they hold and end; then the batch
 * workers end. {@link #awaitFinished} waits for that last step. See
 * {@link DrainSequence}.
 */
public final class Topology {

	private final PipelineSpec<Object> spec;

	private final FailureLog log;

	private final Events events;

	private final Acknowledgements acknowledgements;

	private final ProducerStage producer;

	private final List<ProcessorStage> processors = new ArrayList<>();

	private final List<BatcherStage> batchers = new ArrayList<>();

	private final List<List<BatchWorkerStage>> batchWorkers = new ArrayList<>();

	private final List<MessageBuffer> batcherInboxes = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicInteger liveProcessors;

	private final CountDownLatch finished;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Topology(PipelineSpec<?> anySpec) {
		PipelineSpec<Object> spec = (PipelineSpec) anySpec;
		this.spec = spec;
		String name = spec.name();
		this.log = new FailureLog(name, spec.clock());
		this.events = new Events(spec.listener(), this.log);
		this.acknowledgements = new Acknowledgements(name, this.events, this.log);
		Terminal terminal = new Terminal(spec.failureHandler(), this.acknowledgements, this.log);
		ProcessorSettings<Object> processorSettings = spec.processors();
		int processorCount = processorSettings.concurrency();
		int demandBound = processorCount * processorSettings.maxDemand();
		Function<Message<Object>, ?> partitionBy = processorSettings.partitionBy();
		MessageBuffer[] buffers = new MessageBuffer[processorCount];
		for (int i = 0; i < buffers.length; i++) {
			buffers[i] = new MessageBuffer(demandBound);
		}
		Source<Object>[] sources = new Source[spec.producerConcurrency()];
		for (int i = 0; i < sources.length; i++) {
			sources[i] = spec.sources().apply(i);
		}
		RateLimit rateLimit = spec.rateLimit();
		ProducerStage[] producerRef = new ProducerStage[1];
		RateLimiter limiter = (rateLimit != null)
				? new RateLimiter(rateLimit, spec.clock(), () -> producerRef[0].releaseDeferred()) : null;
		Function<Message<Object>, ?> orderBy = processorSettings.orderBy();
		KeyAffinity affinity = (orderBy != null) ? new KeyAffinity(orderBy, buffers, this.acknowledgements) : null;
		this.producer = new ProducerStage(name, sources, buffers, partitionBy, affinity, limiter,
				this.acknowledgements);
		producerRef[0] = this.producer;

		List<BatcherSettings<Object>> batcherSettings = spec.batchers();
		int lastStageWorkers = batcherSettings.isEmpty() ? processorCount : 0;
		String[] names = new String[batcherSettings.size()];
		for (int b = 0; b < names.length; b++) {
			BatcherSettings<Object> settings = batcherSettings.get(b);
			names[b] = settings.name();
			this.batcherInboxes.add(new MessageBuffer(Math.max(settings.maxDemand(), 1) * processorCount));
			lastStageWorkers += settings.concurrency();
		}
		this.finished = new CountDownLatch(lastStageWorkers);
		this.liveProcessors = new AtomicInteger(processorCount);
		for (int b = 0; b < names.length; b++) {
			BatcherSettings<Object> settings = batcherSettings.get(b);
			MessageBuffer inbox = this.batcherInboxes.get(b);
			BatcherStage[] batcher = new BatcherStage[1];
			BatchDispatcher dispatcher = new BatchDispatcher(settings.concurrency(), () -> batcher[0].roomMade());
			batcher[0] = new BatcherStage(settings, inbox, dispatcher, terminal, spec.clock(), () -> {
			});
			this.batchers.add(batcher[0]);
			List<BatchWorkerStage> workers = new ArrayList<>();
			for (int w = 0; w < settings.concurrency(); w++) {
				workers.add(new BatchWorkerStage(name, settings.name(), w, dispatcher, settings.handler(), terminal,
						this.events, this.log, this.finished::countDown));
			}
			this.batchWorkers.add(workers);
		}
		BatcherStage[] batchers = this.batchers.toArray(new BatcherStage[0]);
		for (int i = 0; i < processorCount; i++) {
			MessageBuffer buffer = buffers[i];
			this.processors.add(new ProcessorStage(name, i, buffer, this.producer, processorSettings.maxDemand(),
					processorSettings.chunkSize(), spec.messageHandler(), spec.preparer(),
					new Routes(name, names, batchers), terminal, this.events, this.log, this::processorEnded));
		}
	}

	/**
	 * Plans a topology for a validated spec; nothing runs yet.
	 * @param spec the spec
	 * @return the planned topology
	 */
	public static Topology plan(PipelineSpec<?> spec) {
		return new Topology(spec);
	}

	/**
	 * Starts the stages, last first, then the sources.
	 * @throws Exception when a source cannot start; the stages started are stopped again
	 */
	public void start() throws Exception {
		String prefix = "pipeline-" + this.spec.name() + "-";
		for (int b = 0; b < this.batchers.size(); b++) {
			BatcherStage batcher = this.batchers.get(b);
			List<BatchWorkerStage> workers = this.batchWorkers.get(b);
			for (int w = 0; w < workers.size(); w++) {
				this.threads.add(WorkerThreads.start(this.spec.threadMode(),
						prefix + "batch-" + batcher.name() + "-" + w, decorated(workers.get(w))));
			}
			this.threads
				.add(WorkerThreads.start(this.spec.threadMode(), prefix + "batcher-" + batcher.name(), batcher));
		}
		try {
			this.producer.start();
		}
		catch (Exception ex) {
			this.producer.stopFetching();
			this.producer.stopSources(this.log);
			for (MessageBuffer inbox : this.batcherInboxes) {
				inbox.close();
			}
			this.events.pipelineException(this.spec.name(), ex);
			throw ex;
		}
		this.events.pipelineStarted(this.spec);
		for (int i = 0; i < this.processors.size(); i++) {
			this.threads.add(WorkerThreads.start(this.spec.threadMode(), prefix + "processor-" + i,
					decorated(this.processors.get(i))));
		}
	}

	/** A handler thread's work, wrapped by the spec's thread decorator. */
	private Runnable decorated(Runnable work) {
		return Objects.requireNonNull(this.spec.threadDecorator().apply(work),
				"The thread decorator of pipeline '" + this.spec.name() + "' returned null");
	}

	/** Stops asking the sources for messages; what was fetched is processed. */
	public void pause() {
		this.producer.pause();
	}

	/** Asks the sources for messages again. */
	public void resume() {
		this.producer.resume();
	}

	/**
	 * Changes the rate limit while running.
	 * @param limit the new limit
	 * @param resetInterval whether a new interval starts now with the new limit's budget;
	 * otherwise the new limit applies from the next interval
	 * @return whether the pipeline has a rate limit to change
	 */
	public boolean updateRateLimit(RateLimit limit, boolean resetInterval) {
		RateLimiter limiter = this.producer.rateLimiter();
		if (limiter == null) {
			return false;
		}
		limiter.update(limit, resetInterval);
		return true;
	}

	/**
	 * @return the rate limit in force, or {@code null}
	 */
	public @Nullable RateLimit rateLimit() {
		RateLimiter limiter = this.producer.rateLimiter();
		return (limiter != null) ? limiter.limit() : null;
	}

	/**
	 * @return messages the rate limit still allows in this interval, or -1 without a rate
	 * limit
	 */
	public long rateLimitRemaining() {
		RateLimiter limiter = this.producer.rateLimiter();
		return (limiter != null) ? limiter.remaining() : -1;
	}

	/**
	 * Drains: the sources stop fetching, everything fetched is processed and
	 * acknowledged, partial batches are flushed, then the stages end.
	 * @param timeoutNanos how long it may take before what is left is released to the
	 * sources
	 * @return how it went
	 */
	public DrainResult drain(long timeoutNanos) {
		DrainResult result = new DrainSequence(this).run(timeoutNanos);
		this.events.pipelineStopped(this.spec.name(), result);
		return result;
	}

	void stopFetching() {
		this.producer.stopFetching();
	}

	boolean awaitFinished(long timeoutNanos) throws InterruptedException {
		return this.finished.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
	}

	void releaseRemaining() {
		this.acknowledgements.release();
		for (Thread thread : this.threads) {
			thread.interrupt();
		}
	}

	void stopSources() {
		this.producer.stopSources(this.log);
	}

	FailureLog log() {
		return this.log;
	}

	/**
	 * @return messages fetched and not yet settled; 0 once what was left has been
	 * released
	 */
	public long inFlight() {
		return this.acknowledgements.isReleasing() ? 0 : unsettled();
	}

	/**
	 * @return messages released to the sources because a drain ran out of time
	 */
	long released() {
		return this.acknowledgements.isReleasing() ? unsettled() : 0;
	}

	private long unsettled() {
		return Math.max(0,
				this.producer.fetched() - this.acknowledgements.succeeded() - this.acknowledgements.failed());
	}

	/**
	 * Takes a snapshot of the figures.
	 * @param state the pipeline's state, which the caller owns
	 * @return the figures
	 */
	public PipelineStats stats(PipelineState state) {
		List<StageStats> stages = new ArrayList<>();
		long fetched = this.producer.fetched();
		long buffered = this.producer.queued();
		stages.add(new StageStats(StageStats.Kind.PRODUCER, "default", this.producer.sources().length, fetched,
				Math.max(0, fetched - buffered), 0, buffered, 0, 0, 0, Map.of(), null));
		stages.add(sum(StageStats.Kind.PROCESSOR, PipelineSpec.PROCESSORS,
				this.processors.stream().map(ProcessorStage::counters).toList(), 0, Map.of(), null));
		long now = this.spec.clock().nanoTime();
		for (int b = 0; b < this.batchers.size(); b++) {
			BatcherStage batcher = this.batchers.get(b);
			Map<BatchTrigger, Long> flushes = new EnumMap<>(BatchTrigger.class);
			for (BatchTrigger trigger : BatchTrigger.values()) {
				flushes.put(trigger, batcher.flushes(trigger));
			}
			// Read in the order messages move, so that none is missed in between
			List<WorkerCounters> workers = this.batchWorkers.get(b).stream().map(BatchWorkerStage::counters).toList();
			long workersIn = 0;
			for (WorkerCounters counters : workers) {
				workersIn += counters.in();
			}
			WorkerCounters counters = batcher.counters();
			long handedOver = counters.out();
			OpenBatches batches = batcher.open();
			StageStats.OpenBatches open = new StageStats.OpenBatches(batches.messages(), batches.keys(),
					Duration.ofNanos(batches.oldestOpenNanos(now)));
			StageStats batcherStats = sum(StageStats.Kind.BATCHER, batcher.name(), List.of(counters), batcher.queued(),
					flushes, open);
			stages.add(batcherStats);
			stages.add(sum(StageStats.Kind.BATCH_WORKER, batcher.name(), workers, Math.max(0, handedOver - workersIn),
					Map.of(), null));
		}
		return new PipelineStats(this.spec.name(), state, fetched, this.acknowledgements.succeeded(),
				this.acknowledgements.failed(), released(), inFlight(), this.producer.isConnected(),
				List.copyOf(stages), new PipelineStats.SourceStats(buffered, this.producer.backlog()));
	}

	/**
	 * @return a description of the sources, for the operator
	 */
	public String describeSource() {
		StringBuilder text = new StringBuilder();
		for (Source<Object> source : this.producer.sources()) {
			if (text.length() > 0) {
				text.append(", ");
			}
			text.append(source.describe());
		}
		return text.toString();
	}

	/**
	 * @return whether every source is connected
	 */
	public boolean isConnected() {
		return this.producer.isConnected();
	}

	private static StageStats sum(StageStats.Kind kind, String name, List<WorkerCounters> workers, long queued,
			Map<BatchTrigger, Long> flushes, StageStats.@Nullable OpenBatches open) {
		long in = 0;
		long out = 0;
		long failed = 0;
		long calls = 0;
		long nanos = 0;
		for (WorkerCounters counters : workers) {
			failed += counters.failed();
			out += counters.out();
			in += counters.in();
			calls += counters.calls();
			nanos += counters.nanos();
		}
		long inFlight = Math.max(0, in - out - failed - ((open != null) ? open.messages() : 0));
		return new StageStats(kind, name, workers.size(), in, out, failed, queued, inFlight, calls, nanos, flushes,
				open);
	}

	private void processorEnded() {
		if (this.batchers.isEmpty()) {
			this.finished.countDown();
		}
		else if (this.liveProcessors.decrementAndGet() == 0) {
			for (MessageBuffer inbox : this.batcherInboxes) {
				inbox.close();
			}
		}
	}

}
