package dev.pipeline.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable description of a pipeline: its source, processors, batchers
 * and handlers. Built with {@link Pipeline#builder(String)}; every rule is checked once,
 * in {@link Builder#build()}.
 *
 * <p>
 * This file is long because of its builders (pipeline, processors, batcher) and their
 * javadoc; they stay nested so users reach them as {@code PipelineSpec.Builder} and the
 * spec can copy itself back into a builder ({@link #toBuilder()}).
 *
 * @param name the pipeline's name
 * @param sources makes the source of each producer, by index
 * @param producerConcurrency the number of producers (sources)
 * @param rateLimit the producers' rate limit, or {@code null}
 * @param processors the processors' settings
 * @param messageHandler handles each message
 * @param preparer prepares each chunk, or {@code null}
 * @param failureHandler sees failed messages, or {@code null}
 * @param batchers the batchers, in the order they were declared
 * @param shutdownTimeout how long a drain may take before what is left is released to the
 * source
 * @param threadMode the threads the stages run on
 * @param listener sees what the stages do, for metrics and events
 * @param clock the time batch timeouts and rate-limit intervals follow
 * @param threadDecorator wraps the work of each thread that runs handlers (processors and
 * batch workers), once, on the thread that starts the pipeline
 * @param <T> the type of the data
 * @since 0.1.0
 */
public record PipelineSpec<T>(String name, IntFunction<? extends Source<T>> sources, int producerConcurrency,
		@Nullable RateLimit rateLimit, ProcessorSettings<T> processors, MessageHandler<T> messageHandler,
		@Nullable MessagePreparer<T> preparer, @Nullable FailureHandler<T> failureHandler,
		List<BatcherSettings<T>> batchers, Duration shutdownTimeout, ThreadMode threadMode, PipelineListener listener,
		PipelineClock clock, UnaryOperator<Runnable> threadDecorator) {

	/** The name of a pipeline's only processor group, as in its settings path. */
	public static final String PROCESSORS = "default";

	/** The processors' max-demand when none is set and no source gives a default. */
	public static final int DEFAULT_MAX_DEMAND = 10;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	/**
	 * Returns a builder that starts from this spec, for a restart with changed settings.
	 * @return a builder holding every setting of this spec
	 */
	public Builder<T> toBuilder() {
		Builder<T> builder = new Builder<>(this.name);
		builder.sources = this.sources;
		builder.producerConcurrency = this.producerConcurrency;
		builder.rateLimit = this.rateLimit;
		builder.processorConcurrency = this.processors.concurrency();
		builder.maxDemand = this.processors.maxDemand();
		builder.minDemand = this.processors.minDemand();
		builder.partitionBy = this.processors.partitionBy();
		builder.orderBy = this.processors.orderBy();
		builder.messageHandler = this.messageHandler;
		builder.preparer = this.preparer;
		builder.failureHandler = this.failureHandler;
		for (BatcherSettings<T> batcher : this.batchers) {
			BatcherBuilder<T> b = new BatcherBuilder<>(batcher.name());
			b.batchSize = batcher.batchSize();
			b.batchMaxBytes = batcher.batchMaxBytes();
			b.sizer = batcher.sizer();
			b.batchTimeout = batcher.batchTimeout();
			b.concurrency = batcher.concurrency();
			b.maxDemand = batcher.maxDemand();
			b.partitionBy = batcher.partitionBy();
			b.handler = batcher.handler();
			builder.batchers.add(b);
		}
		builder.shutdownTimeout = this.shutdownTimeout;
		builder.threadMode = this.threadMode;
		builder.listener = this.listener;
		builder.clock = this.clock;
		builder.threadDecorator = this.threadDecorator;
		return builder;
	}

	/**
	 * Returns the batcher with the given name.
	 * @param batcherName the name
	 * @return its settings, or {@code null}
	 */
	public @Nullable BatcherSettings<T> batcher(String batcherName) {
		for (BatcherSettings<T> batcher : this.batchers) {
			if (batcher.name().equals(batcherName)) {
				return batcher;
			}
		}
		return null;
	}

	/**
	 * Builds a {@link PipelineSpec}. Not thread-safe. Unset settings take Broadway's
	 * defaults.
	 *
	 * @param <T> the type of the data
	 */
	public static final class Builder<T> {

		private final String name;

		private @Nullable IntFunction<? extends Source<T>> sources;

		private int producerConcurrency = 1;

		private @Nullable RateLimit rateLimit;

		private int processorConcurrency = Runtime.getRuntime().availableProcessors() * 2;

		private @Nullable Integer maxDemand;

		private @Nullable IntUnaryOperator defaultMaxDemand;

		private @Nullable Integer minDemand;

		private @Nullable Function<Message<T>, ?> partitionBy;

		private @Nullable Function<Message<T>, ?> orderBy;

		private @Nullable MessageHandler<T> messageHandler;

		private @Nullable MessagePreparer<T> preparer;

		private @Nullable FailureHandler<T> failureHandler;

		private final List<BatcherBuilder<T>> batchers = new ArrayList<>();

		private Duration shutdownTimeout = Duration.ofSeconds(30);

		private ThreadMode threadMode = ThreadMode.PLATFORM;

		private PipelineListener listener = PipelineListener.NONE;

		private PipelineClock clock = PipelineClock.system();

		private UnaryOperator<Runnable> threadDecorator = UnaryOperator.identity();

		Builder(String name) {
			this.name = Objects.requireNonNull(name, "name");
		}

		/**
		 * Uses one source instance, with producer concurrency 1. The instance is started
		 * again when the pipeline restarts.
		 * @param source the source
		 * @return this builder
		 */
		public Builder<T> source(Source<T> source) {
			Objects.requireNonNull(source, "source");
			this.sources = (index) -> source;
			this.producerConcurrency = 1;
			return this;
		}

		/**
		 * Uses {@code concurrency} sources, made by {@code factory} for each producer
		 * index at every start.
		 * @param concurrency the number of producers
		 * @param factory makes the source of producer {@code i}
		 * @return this builder
		 */
		public Builder<T> sources(int concurrency, IntFunction<? extends Source<T>> factory) {
			this.sources = Objects.requireNonNull(factory, "factory");
			this.producerConcurrency = concurrency;
			return this;
		}

		/**
		 * Limits how fast messages leave the producers.
		 * @param limit the limit, or {@code null} for none
		 * @return this builder
		 */
		public Builder<T> rateLimit(@Nullable RateLimit limit) {
			this.rateLimit = limit;
			return this;
		}

		/**
		 * Sets the processors' settings.
		 * @param settings sets concurrency, demand, and partitioning or ordering by key
		 * @return this builder
		 */
		public Builder<T> processors(Consumer<ProcessorsBuilder<T>> settings) {
			settings.accept(new ProcessorsBuilder<>(this));
			return this;
		}

		/**
		 * Sets the message handler.
		 * @param handler handles each message in a processor
		 * @return this builder
		 */
		public Builder<T> onMessage(MessageHandler<T> handler) {
			this.messageHandler = Objects.requireNonNull(handler, "handler");
			return this;
		}

		/**
		 * Sets the chunk preparer.
		 * @param chunkPreparer prepares each chunk before its messages are handled, or
		 * {@code null}
		 * @return this builder
		 */
		public Builder<T> prepareMessages(@Nullable MessagePreparer<T> chunkPreparer) {
			this.preparer = chunkPreparer;
			return this;
		}

		/**
		 * Sets the failure handler.
		 * @param handler sees failed messages before they are acknowledged, or
		 * {@code null}
		 * @return this builder
		 */
		public Builder<T> onFailure(@Nullable FailureHandler<T> handler) {
			this.failureHandler = handler;
			return this;
		}

		/**
		 * Adds a batcher, or changes the settings of the batcher with that name.
		 * @param batcherName the batcher's name
		 * @param settings sets size, timeout, concurrency, partitioning and the batch
		 * handler
		 * @return this builder
		 */
		public Builder<T> batcher(String batcherName, Consumer<BatcherBuilder<T>> settings) {
			BatcherBuilder<T> batcher = null;
			for (BatcherBuilder<T> existing : this.batchers) {
				if (existing.name.equals(batcherName)) {
					batcher = existing;
				}
			}
			if (batcher == null) {
				batcher = new BatcherBuilder<>(batcherName);
				this.batchers.add(batcher);
			}
			settings.accept(batcher);
			return this;
		}

		/**
		 * Removes every batcher.
		 * @return this builder
		 */
		public Builder<T> clearBatchers() {
			this.batchers.clear();
			return this;
		}

		/**
		 * Sets how long a drain may take.
		 * @param timeout the limit; what is left then is released to the source for
		 * redelivery
		 * @return this builder
		 */
		public Builder<T> shutdownTimeout(Duration timeout) {
			this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
			return this;
		}

		/**
		 * Sets the threads the stages run on.
		 * @param mode platform or virtual threads
		 * @return this builder
		 */
		public Builder<T> threads(ThreadMode mode) {
			this.threadMode = Objects.requireNonNull(mode, "mode");
			return this;
		}

		/**
		 * Sets what sees the pipeline's events and the stages' work, for metrics.
		 * @param pipelineListener the listener
		 * @return this builder
		 */
		public Builder<T> listener(PipelineListener pipelineListener) {
			this.listener = Objects.requireNonNull(pipelineListener, "pipelineListener");
			return this;
		}

		/**
		 * Sets the time that batch timeouts and rate-limit intervals follow; by default
		 * the system clock. Tests give a {@link dev.pipeline.core.testing.VirtualClock}.
		 * @param pipelineClock the clock
		 * @return this builder
		 */
		public Builder<T> clock(PipelineClock pipelineClock) {
			this.clock = Objects.requireNonNull(pipelineClock, "pipelineClock");
			return this;
		}

		/**
		 * Wraps the work of each thread that runs handlers (processors and batch
		 * workers). The decorator is called once per thread, on the thread that starts
		 * the pipeline, before the stage thread starts: it captures that thread's context
		 * (MDC, the current observation) and restores it around the stage's whole life,
		 * as a Spring {@code TaskDecorator} does around a task. By default the work is
		 * left as it is.
		 * @param decorator wraps a stage thread's work; must not return {@code null}
		 * @return this builder
		 * @since 0.3.0
		 */
		public Builder<T> threadDecorator(UnaryOperator<Runnable> decorator) {
			this.threadDecorator = Objects.requireNonNull(decorator, "decorator");
			return this;
		}

		/**
		 * Validates every setting and builds the spec.
		 * @return the spec
		 * @throws PipelineConfigurationException naming the first setting that cannot
		 * work and its fix
		 */
		public PipelineSpec<T> build() {
			return new SpecValidator(this.name).validate(this);
		}

		IntFunction<? extends Source<T>> sources() {
			return this.sources;
		}

		int producerConcurrency() {
			return this.producerConcurrency;
		}

		@Nullable RateLimit rateLimit() {
			return this.rateLimit;
		}

		int processorConcurrency() {
			return this.processorConcurrency;
		}

		int maxDemand() {
			if (this.maxDemand != null) {
				return this.maxDemand;
			}
			return (this.defaultMaxDemand != null) ? this.defaultMaxDemand.applyAsInt(this.processorConcurrency)
					: DEFAULT_MAX_DEMAND;
		}

		@Nullable Integer minDemand() {
			return this.minDemand;
		}

		@Nullable Function<Message<T>, ?> partitionBy() {
			return this.partitionBy;
		}

		@Nullable Function<Message<T>, ?> orderBy() {
			return this.orderBy;
		}

		@Nullable MessageHandler<T> messageHandler() {
			return this.messageHandler;
		}

		@Nullable MessagePreparer<T> preparer() {
			return this.preparer;
		}

		@Nullable FailureHandler<T> failureHandler() {
			return this.failureHandler;
		}

		List<BatcherBuilder<T>> batchers() {
			return this.batchers;
		}

		Duration shutdownTimeout() {
			return this.shutdownTimeout;
		}

		ThreadMode threadMode() {
			return this.threadMode;
		}

		PipelineListener listener() {
			return this.listener;
		}

		PipelineClock clock() {
			return this.clock;
		}

		UnaryOperator<Runnable> threadDecorator() {
			return this.threadDecorator;
		}

		static boolean isValidName(String candidate) {
			return NAME.matcher(candidate).matches();
		}

	}

	/**
	 * Sets the processors' settings.
	 *
	 * @param <T> the type of the data
	 */
	public static final class ProcessorsBuilder<T> {

		private final Builder<T> builder;

		ProcessorsBuilder(Builder<T> builder) {
			this.builder = builder;
		}

		/**
		 * Sets the number of processors.
		 * @param concurrency 1 or more
		 * @return this builder
		 */
		public ProcessorsBuilder<T> concurrency(int concurrency) {
			this.builder.processorConcurrency = concurrency;
			return this;
		}

		/**
		 * Sets the most messages one processor holds.
		 * @param maxDemand 1 or more
		 * @return this builder
		 */
		public ProcessorsBuilder<T> maxDemand(int maxDemand) {
			this.builder.maxDemand = maxDemand;
			return this;
		}

		/**
		 * Sets the max-demand the processors get when none is set, from their
		 * concurrency: for a source that knows a better default than
		 * {@value PipelineSpec#DEFAULT_MAX_DEMAND} (the Kafka source asks for one poll's
		 * worth of records across the processors). An explicit {@link #maxDemand(int)}
		 * wins, whichever is called first.
		 * @param byConcurrency the default max-demand for a number of processors
		 * @return this builder
		 */
		public ProcessorsBuilder<T> defaultMaxDemand(IntUnaryOperator byConcurrency) {
			this.builder.defaultMaxDemand = byConcurrency;
			return this;
		}

		/**
		 * Sets when a processor asks for more.
		 * @param minDemand 0 or more, less than max-demand; unset means half of
		 * max-demand
		 * @return this builder
		 */
		public ProcessorsBuilder<T> minDemand(@Nullable Integer minDemand) {
			this.builder.minDemand = minDemand;
			return this;
		}

		/**
		 * Keeps messages with the same key on the same processor, in source order: a key
		 * always goes to the processor its hash picks, as in Broadway. Not together with
		 * {@link #orderBy}.
		 * @param key the key of a message, or {@code null} for no partitioning
		 * @return this builder
		 */
		public ProcessorsBuilder<T> partitionBy(@Nullable Function<Message<T>, ?> key) {
			this.builder.partitionBy = key;
			return this;
		}

		/**
		 * Handles messages with the same key one at a time, in source order, without
		 * pinning a key to one processor: a key stays on a processor only while that
		 * processor has messages of the key it has not finished, and a key with nothing
		 * in flight goes to the processor with the fewest messages assigned. A message is
		 * finished once its processor has handed it on (to a batcher, or to
		 * acknowledgement), so a later message of its key never overtakes it. Spreads
		 * load better than {@link #partitionBy} when a few keys or an uneven hash would
		 * leave one processor busier than the others. Not together with
		 * {@link #partitionBy}.
		 *
		 * <p>
		 * Keys are compared with {@code equals}, {@code byte[]} keys by content;
		 * {@code null} is a key like any other. A message whose key function throws is
		 * acknowledged as failed.
		 * @param key the key of a message, or {@code null} for no ordering
		 * @return this builder
		 * @since 0.1.0
		 */
		public ProcessorsBuilder<T> orderBy(@Nullable Function<Message<T>, ?> key) {
			this.builder.orderBy = key;
			return this;
		}

	}

	/**
	 * Sets the settings of one batcher.
	 *
	 * @param <T> the type of the data
	 */
	public static final class BatcherBuilder<T> {

		final String name;

		int batchSize = 100;

		long batchMaxBytes;

		ToLongFunction<Message<T>> sizer = PayloadSizes::of;

		Duration batchTimeout = Duration.ofSeconds(1);

		int concurrency = 1;

		@Nullable Integer maxDemand;

		@Nullable Function<Message<T>, ?> partitionBy;

		@Nullable BatchHandler<T> handler;

		BatcherBuilder(String name) {
			this.name = Objects.requireNonNull(name, "name");
		}

		/**
		 * Sets the batch size.
		 * @param size 1 or more
		 * @return this builder
		 */
		public BatcherBuilder<T> batchSize(int size) {
			this.batchSize = size;
			return this;
		}

		/**
		 * Sets a byte limit for a batch's payloads.
		 * @param maxBytes 0 for none
		 * @return this builder
		 */
		public BatcherBuilder<T> batchMaxBytes(long maxBytes) {
			this.batchMaxBytes = maxBytes;
			return this;
		}

		/**
		 * Sets how the byte size of a message is measured; by default, the length of a
		 * {@code byte[]} or a {@code String}'s UTF-8 bytes, and 0 for other data.
		 * @param payloadSizer the size of a message in bytes
		 * @return this builder
		 */
		public BatcherBuilder<T> sizer(ToLongFunction<Message<T>> payloadSizer) {
			this.sizer = Objects.requireNonNull(payloadSizer, "payloadSizer");
			return this;
		}

		/**
		 * Sets the batch timeout, counted from a batch's first message.
		 * @param timeout 1 ms or more
		 * @return this builder
		 */
		public BatcherBuilder<T> batchTimeout(Duration timeout) {
			this.batchTimeout = Objects.requireNonNull(timeout, "timeout");
			return this;
		}

		/**
		 * Sets the number of batch workers.
		 * @param workers 1 or more
		 * @return this builder
		 */
		public BatcherBuilder<T> concurrency(int workers) {
			this.concurrency = workers;
			return this;
		}

		/**
		 * Sets the most messages the batcher holds in its inbox.
		 * @param demand 1 or more; unset means the batch size
		 * @return this builder
		 */
		public BatcherBuilder<T> maxDemand(@Nullable Integer demand) {
			this.maxDemand = demand;
			return this;
		}

		/**
		 * Sends the batches of a key to one batch worker, chosen by this key instead of
		 * the batch key.
		 * @param key the key of a message, or {@code null}
		 * @return this builder
		 */
		public BatcherBuilder<T> partitionBy(@Nullable Function<Message<T>, ?> key) {
			this.partitionBy = key;
			return this;
		}

		/**
		 * Sets the batch handler.
		 * @param batchHandler handles each batch
		 * @return this builder
		 */
		public BatcherBuilder<T> handler(BatchHandler<T> batchHandler) {
			this.handler = Objects.requireNonNull(batchHandler, "batchHandler");
			return this;
		}

	}

}
