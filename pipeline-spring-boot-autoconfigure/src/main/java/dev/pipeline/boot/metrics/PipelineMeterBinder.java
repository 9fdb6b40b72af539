package dev.pipeline.boot.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.StageStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Gauges over the pipelines of a {@link PipelineRegistry}, read when the registry is
 * scraped, and the pre-creation of the {@link PipelineMetrics} meters of every pipeline.
 *
 * <table>
 * <caption>Gauges</caption>
 * <tr>
 * <th>name</th>
 * <th>type</th>
 * <th>tags</th>
 * <th>meaning</th>
 * </tr>
 * <tr>
 * <td>{@code pipeline.in.flight}</td>
 * <td>gauge</td>
 * <td>pipeline</td>
 * <td>messages fetched and not yet settled</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.stage.queued}</td>
 * <td>gauge</td>
 * <td>pipeline, stage ({@code producer}, {@code processor}, {@code batcher},
 * {@code batch_worker}), batcher ({@code none} for producers and processors)</td>
 * <td>messages waiting in the stage's inbox (producers: fetched on demand, not yet taken
 * by a processor)</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.stage.in.flight}</td>
 * <td>gauge</td>
 * <td>pipeline, stage ({@code processor}, {@code batcher}, {@code batch_worker}), batcher
 * ({@code none} for processors)</td>
 * <td>messages the stage's workers have taken and not yet passed on (for a batcher:
 * outside its open batches)</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.batcher.open.messages}</td>
 * <td>gauge</td>
 * <td>pipeline, batcher</td>
 * <td>messages in the batcher's open batches</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.batcher.open.keys}</td>
 * <td>gauge</td>
 * <td>pipeline, batcher</td>
 * <td>open batches (one per batch key, and per partition)</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.batcher.open.oldest.age}</td>
 * <td>time gauge (seconds)</td>
 * <td>pipeline, batcher</td>
 * <td>how long the oldest open batch has been open</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.source.buffered}</td>
 * <td>gauge</td>
 * <td>pipeline</td>
 * <td>messages fetched and not yet taken by a processor</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.source.queue.depth}</td>
 * <td>gauge</td>
 * <td>pipeline, queue</td>
 * <td>messages ready in the source's queue (RabbitMQ); registered once the source reports
 * it</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.source.unacknowledged}</td>
 * <td>gauge</td>
 * <td>pipeline</td>
 * <td>messages delivered to the pipeline and not yet settled at the broker (RabbitMQ;
 * Kafka share groups: acquired records); registered once the source reports it</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.source.lag}</td>
 * <td>gauge</td>
 * <td>pipeline, topic, partition</td>
 * <td>records between the group's committed offset and the end of an assigned partition
 * (Kafka consumer groups); registered as partitions are assigned, removed when they
 * go</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.stage.demand}</td>
 * <td>gauge</td>
 * <td>pipeline, stage ({@code processor}, {@code batcher}), batcher</td>
 * <td>the most messages the stage may hold: processor concurrency × max-demand, or the
 * batcher's max-demand</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.rate.limit.remaining}</td>
 * <td>gauge</td>
 * <td>pipeline</td>
 * <td>messages the rate limit still allows in this interval; only for pipelines with a
 * rate limit</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.source.connected}</td>
 * <td>gauge</td>
 * <td>pipeline</td>
 * <td>1 when the source is connected to its broker, else 0</td>
 * </tr>
 * </table>
 *
 * <p>
 * The set of pipelines and batchers is read when bound, and again by
 * {@link #bindNewPipelines()} for pipelines registered later (those declared in
 * properties); a restart keeps them (it cannot add a batcher). The broker's gauges follow
 * what the source reports: they are added (and a revoked partition's removed) when
 * {@code pipeline.source.buffered} is read. Gauges hold the pipeline strongly, as the
 * registry does.
 *
 * <p>
 * The figures add up: {@code pipeline.in.flight} is {@code pipeline.source.buffered}
 * plus, over the other stages, {@code pipeline.stage.queued} and
 * {@code pipeline.stage.in.flight}, plus {@code pipeline.batcher.open.messages}.
 *
 * @since 0.1.0
 */
public final class PipelineMeterBinder implements MeterBinder {

	private final PipelineRegistry pipelines;

	private final @Nullable PipelineMetrics metrics;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Set<Bound> bound = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the binder.
	 * @param pipelines the pipelines
	 * @param metrics the listener whose meters to create ahead of traffic, or
	 * {@code null}
	 */
	public PipelineMeterBinder(PipelineRegistry pipelines, @Nullable PipelineMetrics metrics) {
		this.pipelines = pipelines;
		this.metrics = metrics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		for (Pipeline<?> pipeline : this.pipelines.pipelines()) {
			bind(registry, pipeline);
		}
	}

	/**
	 * Binds the gauges of the pipelines registered since {@link #bindTo} ran, such as
	 * those an application declares in properties, which are registered once every bean
	 * exists. Called when the application context has been refreshed.
	 */
	public void bindNewPipelines() {
		for (MeterRegistry registry : this.registries) {
			for (Pipeline<?> pipeline : this.pipelines.pipelines()) {
				bind(registry, pipeline);
			}
		}
	}

	private void bind(MeterRegistry registry, Pipeline<?> pipeline) {
		if (!this.bound.add(new Bound(registry, pipeline.name()))) {
			return;
		}
		PipelineSpec<?> spec = pipeline.spec();
		if (this.metrics != null) {
			this.metrics.prepare(spec);
		}
		String name = pipeline.name();
		gauge(registry, "pipeline.in.flight", "Messages fetched and not yet settled", pipeline,
				(p) -> p.stats().inFlight(), "pipeline", name);
		gauge(registry, "pipeline.source.connected", "1 when the source is connected to its broker, else 0", pipeline,
				(p) -> p.isConnected() ? 1 : 0, "pipeline", name);
		if (spec.rateLimit() != null) {
			gauge(registry, "pipeline.rate.limit.remaining", "Messages the rate limit still allows in this interval",
					pipeline, (p) -> Math.max(0, p.rateLimitRemaining()), "pipeline", name);
		}
		SourceBacklogGauges backlog = new SourceBacklogGauges(registry, pipeline);
		gauge(registry, "pipeline.source.buffered", "Messages fetched and not yet taken by a processor", pipeline,
				(p) -> backlog.refresh(p.stats()).source().buffered(), "pipeline", name);
		queued(registry, pipeline, StageStats.Kind.PRODUCER, PipelineSpec.PROCESSORS);
		queued(registry, pipeline, StageStats.Kind.PROCESSOR, PipelineSpec.PROCESSORS);
		inFlight(registry, pipeline, StageStats.Kind.PROCESSOR, PipelineSpec.PROCESSORS);
		demand(registry, pipeline, StageStats.Kind.PROCESSOR, PipelineSpec.PROCESSORS,
				(p) -> (double) p.spec().processors().concurrency() * p.spec().processors().maxDemand());
		for (BatcherSettings<?> batcher : spec.batchers()) {
			String batcherName = batcher.name();
			queued(registry, pipeline, StageStats.Kind.BATCHER, batcherName);
			queued(registry, pipeline, StageStats.Kind.BATCH_WORKER, batcherName);
			inFlight(registry, pipeline, StageStats.Kind.BATCHER, batcherName);
			inFlight(registry, pipeline, StageStats.Kind.BATCH_WORKER, batcherName);
			openBatches(registry, pipeline, batcherName);
			demand(registry, pipeline, StageStats.Kind.BATCHER, batcherName, (p) -> {
				BatcherSettings<?> settings = p.spec().batcher(batcherName);
				return (settings != null) ? settings.maxDemand() : Double.NaN;
			});
		}
	}

	private static void queued(MeterRegistry registry, Pipeline<?> pipeline, StageStats.Kind kind, String stage) {
		gauge(registry, "pipeline.stage.queued", "Messages waiting in the stage's inbox", pipeline,
				(p) -> queued(p.stats(), kind, stage), "pipeline", pipeline.name(), "stage", stageTag(kind), "batcher",
				batcherTag(kind, stage));
	}

	private record Bound(MeterRegistry registry, String pipeline) {
	}

	private static void inFlight(MeterRegistry registry, Pipeline<?> pipeline, StageStats.Kind kind, String stage) {
		gauge(registry, "pipeline.stage.in.flight", "Messages the stage has taken and not yet passed on", pipeline,
				(p) -> {
					StageStats found = stage(p.stats(), kind, stage);
					return (found != null) ? found.inFlight() : 0;
				}, "pipeline", pipeline.name(), "stage", stageTag(kind), "batcher", batcherTag(kind, stage));
	}

	private static void openBatches(MeterRegistry registry, Pipeline<?> pipeline, String batcher) {
		gauge(registry, "pipeline.batcher.open.messages", "Messages in the batcher's open batches", pipeline,
				(p) -> open(p, batcher).messages(), "pipeline", pipeline.name(), "batcher", batcher);
		gauge(registry, "pipeline.batcher.open.keys", "Open batches, one per batch key and partition", pipeline,
				(p) -> open(p, batcher).keys(), "pipeline", pipeline.name(), "batcher", batcher);
		TimeGauge
			.builder("pipeline.batcher.open.oldest.age", pipeline, TimeUnit.NANOSECONDS,
					(p) -> open(p, batcher).oldestAge().toNanos())
			.description("How long the oldest open batch has been open")
			.tags("pipeline", pipeline.name(), "batcher", batcher)
			.strongReference(true)
			.register(registry);
	}

	private static StageStats.OpenBatches open(Pipeline<?> pipeline, String batcher) {
		StageStats found = stage(pipeline.stats(), StageStats.Kind.BATCHER, batcher);
		StageStats.OpenBatches open = (found != null) ? found.openBatches() : null;
		return (open != null) ? open : StageStats.OpenBatches.NONE;
	}

	private static @Nullable StageStats stage(PipelineStats stats, StageStats.Kind kind, String name) {
		for (StageStats stage : stats.stages()) {
			if (stage.kind() == kind && (kind == StageStats.Kind.PRODUCER || stage.name().equals(name))) {
				return stage;
			}
		}
		return null;
	}

	private static void demand(MeterRegistry registry, Pipeline<?> pipeline, StageStats.Kind kind, String stage,
			ToDoubleFunction<Pipeline<?>> value) {
		gauge(registry, "pipeline.stage.demand", "The most messages the stage may hold", pipeline, value, "pipeline",
				pipeline.name(), "stage", stageTag(kind), "batcher", batcherTag(kind, stage));
	}

	private static double queued(PipelineStats stats, StageStats.Kind kind, String name) {
		StageStats found = stage(stats, kind, name);
		return (found != null) ? found.queued() : 0;
	}

	private static String stageTag(StageStats.Kind kind) {
		return kind.name().toLowerCase(Locale.ROOT);
	}

	private static String batcherTag(StageStats.Kind kind, String stage) {
		return (kind == StageStats.Kind.BATCHER || kind == StageStats.Kind.BATCH_WORKER) ? stage
				: PipelineMetrics.NO_BATCHER;
	}

	static void gauge(MeterRegistry registry, String name, String description, Pipeline<?> pipeline,
			ToDoubleFunction<Pipeline<?>> value, String... tags) {
		Gauge.builder(name, pipeline, value)
			.description(description)
			.tags(tags)
			.strongReference(true)
			.register(registry);
	}

}
