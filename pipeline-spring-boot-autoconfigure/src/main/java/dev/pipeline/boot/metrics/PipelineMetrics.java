package dev.pipeline.boot.metrics;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records what pipelines' stages do as Micrometer meters. A {@link PipelineListener}: the
 * engine calls it on stage threads, once per processor chunk, batch and acknowledgement
 * group, never once per message: the processors hand over the handler time of each
 * message of a chunk at once, in an array they reuse. The meters of a pipeline (and of
 * each of its batchers) are created once, by {@link #prepare(PipelineSpec)} or at the
 * first call that names them; after that a call looks them up in a concurrent map and
 * allocates nothing.
 *
 * <table>
 * <caption>Meters recorded here (gauges: {@link PipelineMeterBinder})</caption>
 * <tr>
 * <th>name</th>
 * <th>type</th>
 * <th>tags</th>
 * <th>meaning</th>
 * </tr>
 * <tr>
 * <td>{@code pipeline.messages}</td>
 * <td>counter</td>
 * <td>pipeline, stage ({@code processor}, {@code batch_worker}), batcher ({@code none}
 * for processors), outcome ({@code success}, {@code failure})</td>
 * <td>messages handled by a stage, by outcome</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.handler}</td>
 * <td>timer</td>
 * <td>pipeline, stage, batcher</td>
 * <td>time in the handler: per message for processors, per batch for batch workers</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.batch.size}</td>
 * <td>distribution summary</td>
 * <td>pipeline, batcher</td>
 * <td>messages per batch</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.batch.flushes}</td>
 * <td>counter</td>
 * <td>pipeline, batcher, reason ({@code size}, {@code bytes}, {@code timeout},
 * {@code flush}, {@code drain})</td>
 * <td>batches, by what emitted them (counted when handled)</td>
 * </tr>
 * <tr>
 * <td>{@code pipeline.acknowledged}</td>
 * <td>counter</td>
 * <td>pipeline, outcome ({@code success}, {@code failure})</td>
 * <td>messages acknowledged at their source</td>
 * </tr>
 * </table>
 *
 * @since 0.1.0
 */
public final class PipelineMetrics implements PipelineListener {

	/** The tag value of {@code batcher} on processor meters. */
	public static final String NO_BATCHER = "none";

	private final MeterRegistry registry;

	private final ConcurrentHashMap<String, PipelineMeters> pipelines = new ConcurrentHashMap<>();

	/**
	 * Creates the listener.
	 * @param registry where the meters go
	 */
	public PipelineMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Creates the meters of a pipeline and its batchers ahead of its first messages, so
	 * they show (at zero) before any traffic.
	 * @param spec the pipeline's spec
	 */
	public void prepare(PipelineSpec<?> spec) {
		PipelineMeters meters = meters(spec.name());
		for (BatcherSettings<?> batcher : spec.batchers()) {
			meters.batcher(batcher.name());
		}
	}

	@Override
	public void chunkHandled(Worker processor, int messages, int failed, long nanos) {
		PipelineMeters meters = meters(processor.pipeline());
		meters.processorSuccess.increment(messages - failed);
		meters.processorFailure.increment(failed);
	}

	@Override
	public void messagesTimed(Worker processor, long[] nanos, int count) {
		Timer handler = meters(processor.pipeline()).processorHandler;
		for (int i = 0; i < count; i++) {
			handler.record(nanos[i], TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
		BatcherMeters meters = meters(batchWorker.pipeline()).batcher(info.batcher());
		meters.success.increment(info.size() - failed);
		meters.failure.increment(failed);
		meters.handler.record(nanos, TimeUnit.NANOSECONDS);
		meters.sizes.record(info.size());
		meters.flushes[info.trigger().ordinal()].increment();
	}

	@Override
	public void acknowledged(String pipeline, List<Message<?>> successful, List<Message<?>> failed) {
		PipelineMeters meters = meters(pipeline);
		meters.acknowledgedSuccess.increment(successful.size());
		meters.acknowledgedFailure.increment(failed.size());
	}

	private PipelineMeters meters(String pipeline) {
		PipelineMeters meters = this.pipelines.get(pipeline);
		return (meters != null) ? meters
				: this.pipelines.computeIfAbsent(pipeline, (name) -> new PipelineMeters(this.registry, name));
	}

	private static final class PipelineMeters {

		private final MeterRegistry registry;

		private final String pipeline;

		final Counter processorSuccess;

		final Counter processorFailure;

		final Timer processorHandler;

		final Counter acknowledgedSuccess;

		final Counter acknowledgedFailure;

		private final ConcurrentHashMap<String, BatcherMeters> batchers = new ConcurrentHashMap<>();

		PipelineMeters(MeterRegistry registry, String pipeline) {
			this.registry = registry;
			this.pipeline = pipeline;
			Tags processor = Tags.of("pipeline", pipeline, "stage", "processor", "batcher", NO_BATCHER);
			this.processorSuccess = messages(registry, processor, "success");
			this.processorFailure = messages(registry, processor, "failure");
			this.processorHandler = handler(registry, processor);
			this.acknowledgedSuccess = acknowledged(registry, pipeline, "success");
			this.acknowledgedFailure = acknowledged(registry, pipeline, "failure");
		}

		BatcherMeters batcher(String name) {
			BatcherMeters meters = this.batchers.get(name);
			return (meters != null) ? meters : this.batchers.computeIfAbsent(name,
					(key) -> new BatcherMeters(this.registry, this.pipeline, key));
		}

	}

	private static final class BatcherMeters {

		final Counter success;

		final Counter failure;

		final Timer handler;

		final DistributionSummary sizes;

		final Counter[] flushes = new Counter[BatchTrigger.values().length];

		BatcherMeters(MeterRegistry registry, String pipeline, String batcher) {
			Tags worker = Tags.of("pipeline", pipeline, "stage", "batch_worker", "batcher", batcher);
			this.success = messages(registry, worker, "success");
			this.failure = messages(registry, worker, "failure");
			this.handler = handler(registry, worker);
			this.sizes = DistributionSummary.builder("pipeline.batch.size")
				.description("Messages per batch")
				.tags("pipeline", pipeline, "batcher", batcher)
				.register(registry);
			for (BatchTrigger trigger : BatchTrigger.values()) {
				this.flushes[trigger.ordinal()] = Counter.builder("pipeline.batch.flushes")
					.description("Batches, by what emitted them")
					.tags("pipeline", pipeline, "batcher", batcher, "reason",
							trigger.name().toLowerCase(java.util.Locale.ROOT))
					.register(registry);
			}
		}

	}

	static Counter messages(MeterRegistry registry, Tags stage, String outcome) {
		return Counter.builder("pipeline.messages")
			.description("Messages handled by a stage, by outcome")
			.tags(stage)
			.tag("outcome", outcome)
			.register(registry);
	}

	static Timer handler(MeterRegistry registry, Tags stage) {
		return Timer.builder("pipeline.handler")
			.description("Time in the handler, per message for processors, per batch for batch workers")
			.tags(stage)
			.register(registry);
	}

	static Counter acknowledged(MeterRegistry registry, String pipeline, String outcome) {
		return Counter.builder("pipeline.acknowledged")
			.description("Messages acknowledged at their source, by outcome")
			.tags("pipeline", pipeline, "outcome", outcome)
			.register(registry);
	}

}
