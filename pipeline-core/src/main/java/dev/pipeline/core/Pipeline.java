package dev.pipeline.core;

import java.time.Duration;
import java.util.Objects;

import dev.pipeline.core.internal.Topology;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running data pipeline: producers that take from a source only as much as is demanded,
 * processors that run the message handler, batchers that group messages by size and time,
 * batch workers that run the batch handler, and acknowledgement of every message exactly
 * once, back to its source.
 *
 * <pre class="code">
 * Pipeline&lt;Reading&gt; pipeline = Pipeline.create(Pipeline.&lt;Reading&gt;builder("sensors")
 *     .source(source)
 *     .processors((p) -&gt; p.concurrency(4).maxDemand(50).partitionBy((m) -&gt; m.data().sensorId()))
 *     .onMessage((m) -&gt; m.toBatcher("aggregates"))
 *     .batcher("aggregates", (b) -&gt; b.batchSize(100).batchTimeout(Duration.ofSeconds(2)).handler(store::saveAll))
 *     .build());
 * pipeline.start();
 * </pre>
 *
 * <p>
 * Lifecycle methods ({@link #start}, {@link #pause}, {@link #resume}, {@link #drain},
 * {@link #restart}) are thread-safe and serialised; the read methods may be called from
 * any thread at any time and never block on the stages.
 *
 * @param <T> the type of the data the source emits
 * @since 0.1.0
 */
public final class Pipeline<T> {

	private static final Logger logger = LoggerFactory.getLogger(Pipeline.class);

	private volatile PipelineSpec<T> spec;

	private volatile @Nullable Topology topology;

	private volatile PipelineState state = PipelineState.NEW;

	private volatile @Nullable PipelineStats last;

	private Pipeline(PipelineSpec<T> spec) {
		this.spec = spec;
	}

	/**
	 * Starts describing a pipeline.
	 * @param name the pipeline's name: letters, digits, '.', '_' and '-'
	 * @param <T> the type of the data its source emits
	 * @return a builder
	 */
	public static <T> PipelineSpec.Builder<T> builder(String name) {
		return new PipelineSpec.Builder<>(name);
	}

	/**
	 * Creates a pipeline from a validated spec; it does not start.
	 * @param spec the spec
	 * @param <T> the type of the data
	 * @return the pipeline, in state {@link PipelineState#NEW}
	 */
	public static <T> Pipeline<T> create(PipelineSpec<T> spec) {
		return new Pipeline<>(Objects.requireNonNull(spec, "spec"));
	}

	/**
	 * Starts the stages and the sources.
	 * @throws IllegalStateException if the pipeline is running, paused or draining, or a
	 * source cannot start (the pipeline is then {@link PipelineState#FAILED})
	 */
	public synchronized void start() {
		if (this.state == PipelineState.RUNNING || this.state == PipelineState.PAUSED
				|| this.state == PipelineState.DRAINING) {
			throw new IllegalStateException("Pipeline '" + this.spec.name() + "' is already " + this.state);
		}
		Topology planned = Topology.plan(this.spec);
		try {
			planned.start();
		}
		catch (Exception ex) {
			this.state = PipelineState.FAILED;
			throw new IllegalStateException("Pipeline '" + this.spec.name() + "' could not start its source "
					+ planned.describeSource() + ": " + ex.getMessage(), ex);
		}
		this.topology = planned;
		this.state = PipelineState.RUNNING;
		logger.debug("Pipeline '{}' started", this.spec.name());
	}

	/**
	 * Stops fetching; what was fetched is still processed and acknowledged. Does nothing
	 * unless running.
	 */
	public synchronized void pause() {
		Topology current = this.topology;
		if (this.state == PipelineState.RUNNING && current != null) {
			current.pause();
			this.state = PipelineState.PAUSED;
		}
	}

	/** Fetches again after {@link #pause()}. Does nothing unless paused. */
	public synchronized void resume() {
		Topology current = this.topology;
		if (this.state == PipelineState.PAUSED && current != null) {
			current.resume();
			this.state = PipelineState.RUNNING;
		}
	}

	/**
	 * Drains within the spec's shutdown timeout, then stops. See
	 * {@link #drain(Duration)}.
	 * @return how the drain went
	 */
	public DrainResult drain() {
		return drain(this.spec.shutdownTimeout());
	}

	/**
	 * Drains and stops: the sources stop fetching, every message already fetched is
	 * processed, batched (partial batches flushed at once) and acknowledged, then the
	 * stages end. Messages left when the timeout passes are logged and released to the
	 * source for redelivery. Does nothing unless running or paused.
	 * @param timeout how long the drain may take
	 * @return how the drain went
	 */
	public synchronized DrainResult drain(Duration timeout) {
		Topology current = this.topology;
		if (current == null || (this.state != PipelineState.RUNNING && this.state != PipelineState.PAUSED)) {
			return new DrainResult(true, 0, Duration.ZERO);
		}
		this.state = PipelineState.DRAINING;
		DrainResult result = current.drain(timeout.toNanos());
		this.last = current.stats(PipelineState.STOPPED);
		this.state = PipelineState.STOPPED;
		logger.debug("Pipeline '{}' drained: {}", this.spec.name(), result);
		return result;
	}

	/** Drains within the shutdown timeout and stops; the same as {@link #drain()}. */
	public void stop() {
		drain();
	}

	/**
	 * Drains, then starts again with a new spec (new settings), or the same one. The new
	 * spec has been validated when it was built, so an invalid change never reaches the
	 * running pipeline.
	 * @param newSpec the spec to run from now on; its name must be this pipeline's
	 * @return how the drain went
	 * @throws IllegalArgumentException if the spec names another pipeline
	 */
	public synchronized DrainResult restart(PipelineSpec<T> newSpec) {
		if (!newSpec.name().equals(this.spec.name())) {
			throw new IllegalArgumentException(
					"Cannot restart pipeline '" + this.spec.name() + "' with the spec of '" + newSpec.name() + "'");
		}
		DrainResult result = drain();
		this.spec = newSpec;
		start();
		return result;
	}

	/**
	 * Changes the producers' rate limit while running. The new limit applies from the
	 * next interval, as in Broadway: the current interval keeps the budget it has left,
	 * whether the new limit is higher or lower. See
	 * {@link #updateRateLimit(RateLimit, boolean)} to apply it at once.
	 * @param limit the new limit
	 * @throws IllegalStateException if the pipeline was built without a rate limit, or is
	 * not running
	 */
	public void updateRateLimit(RateLimit limit) {
		updateRateLimit(limit, false);
	}

	/**
	 * Changes the producers' rate limit while running, from the next interval or at once.
	 * @param limit the new limit
	 * @param resetInterval whether to end the current interval now and start a new one
	 * with the new limit's full budget (held-back demand is asked for at once); when
	 * {@code false}, the new limit applies from the next interval
	 * @throws IllegalStateException if the pipeline was built without a rate limit, or is
	 * not running
	 * @since 0.1.0
	 */
	public synchronized void updateRateLimit(RateLimit limit, boolean resetInterval) {
		Topology current = this.topology;
		if (current == null || !current.updateRateLimit(limit, resetInterval)) {
			throw new IllegalStateException("Pipeline '" + this.spec.name()
					+ "' has no rate limit to change; restart it with a rate limit in its settings.");
		}
		this.spec = this.spec.toBuilder().rateLimit(limit).build();
	}

	/**
	 * @return the pipeline's name
	 */
	public String name() {
		return this.spec.name();
	}

	/**
	 * @return the spec it runs, or will run at the next start
	 */
	public PipelineSpec<T> spec() {
		return this.spec;
	}

	/**
	 * @return its state
	 */
	public PipelineState state() {
		return this.state;
	}

	/**
	 * @return a description of its sources
	 */
	public String describeSource() {
		Topology current = this.topology;
		return (current != null) ? current.describeSource() : "not started";
	}

	/**
	 * @return the rate limit in force, or {@code null}
	 */
	public @Nullable RateLimit rateLimit() {
		Topology current = this.topology;
		return (current != null) ? current.rateLimit() : this.spec.rateLimit();
	}

	/**
	 * @return messages the rate limit still allows in this interval, or -1 without a rate
	 * limit
	 */
	public long rateLimitRemaining() {
		Topology current = this.topology;
		return (current != null) ? current.rateLimitRemaining() : -1;
	}

	/**
	 * Takes a snapshot of its figures since it last started.
	 * @return the figures
	 */
	public PipelineStats stats() {
		Topology current = this.topology;
		PipelineState now = this.state;
		if (current == null) {
			return new PipelineStats(this.spec.name(), now, 0, 0, 0, 0, 0, false, java.util.List.of(),
					PipelineStats.SourceStats.NONE);
		}
		if (now == PipelineState.STOPPED && this.last != null) {
			return this.last;
		}
		return current.stats(now);
	}

	/**
	 * @return whether its sources are connected to their brokers (false when not running)
	 */
	public boolean isConnected() {
		Topology current = this.topology;
		return current != null && this.state != PipelineState.STOPPED && current.isConnected();
	}

	@Override
	public String toString() {
		return "Pipeline[" + this.spec.name() + ", " + this.state + "]";
	}

}
