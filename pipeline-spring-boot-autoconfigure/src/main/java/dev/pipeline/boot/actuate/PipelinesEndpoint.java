package dev.pipeline.boot.actuate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.boot.config.SettingsView;
import dev.pipeline.boot.actuate.PipelineDescriptor.BatcherDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.DistributionDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.OpenBatchesDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.ProcessorsDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.ProducersDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.RateLimitDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.SourceDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.StageDescriptor;
import dev.pipeline.boot.actuate.PipelineDescriptor.TopologyDescriptor;
import dev.pipeline.boot.actuate.PipelinesDescriptor.PipelineSummaryDescriptor;
import dev.pipeline.core.BatchTrigger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.ProcessorSettings;
import dev.pipeline.core.RateLimit;
import dev.pipeline.core.StageStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code pipelines} Actuator endpoint: lists pipelines, describes one in detail, and
 * carries out operator actions on one. Over HTTP, {@link PipelinesEndpointWebExtension}
 * answers with status codes and error bodies; over JMX, errors are exceptions with the
 * same reasons.
 *
 * <p>
 * Its default access is {@link Access#READ_ONLY}: reads are available once the endpoint
 * is exposed ({@code management.endpoints.web.exposure.include=pipelines}); actions also
 * need {@code management.endpoint.pipelines.access=unrestricted}.
 *
 * <p>
 * Actions ({@code POST /actuator/pipelines/{name}} with a JSON body): {@code pause},
 * {@code resume}, {@code drain}, {@code start}, {@code restart} (with optional
 * {@code overrides}: {@code "processors.default.concurrency=8,batchers.b.batch-size=50"})
 * and {@code rate-limit} (with {@code allowedMessages} and {@code interval}). Called on
 * HTTP and JMX threads; {@code drain} and {@code restart} block for as long as the drain
 * takes.
 *
 * @since 0.1.0
 */
@Endpoint(id = "pipelines", defaultAccess = Access.READ_ONLY)
public class PipelinesEndpoint {

	private static final double NANOS_PER_MILLI = 1_000_000.0;

	private final PipelineRegistry registry;

	private final HandlerStatistics statistics;

	private final ThroughputTracker throughput;

	/**
	 * Creates the endpoint.
	 * @param registry the pipelines
	 * @param statistics the handler latency and batch size histograms
	 * @param throughput the throughput tracker
	 */
	public PipelinesEndpoint(PipelineRegistry registry, HandlerStatistics statistics, ThroughputTracker throughput) {
		this.registry = registry;
		this.statistics = statistics;
		this.throughput = throughput;
	}

	/**
	 * Lists every pipeline.
	 * @return the pipelines, by name
	 */
	@ReadOperation
	public PipelinesDescriptor pipelines() {
		Map<String, PipelineSummaryDescriptor> pipelines = new LinkedHashMap<>();
		for (Pipeline<?> pipeline : this.registry.pipelines()) {
			pipelines.put(pipeline.name(), summary(pipeline, pipeline.stats()));
		}
		return new PipelinesDescriptor(pipelines);
	}

	/**
	 * Describes one pipeline.
	 * @param name the pipeline's name
	 * @return its description, or {@code null} when there is no such pipeline
	 */
	@ReadOperation
	public @Nullable PipelineDescriptor pipeline(@Selector String name) {
		Optional<Pipeline<?>> found = this.registry.find(name);
		if (found.isEmpty()) {
			return null;
		}
		Pipeline<?> pipeline = found.get();
		PipelineStats stats = pipeline.stats();
		Map<String, Object> configuration = this.registry.effectiveConfiguration(name)
			.orElseGet(() -> EffectiveConfiguration.of(pipeline.spec()));
		return new PipelineDescriptor(name, summary(pipeline, stats), topology(pipeline), configuration,
				stages(name, stats), rateLimit(pipeline), SourceDescriptor.of(stats.source()));
	}

	/**
	 * Carries out an action on a pipeline.
	 * @param name the pipeline's name
	 * @param action {@code pause}, {@code resume}, {@code drain}, {@code start},
	 * {@code restart} or {@code rate-limit}
	 * @param overrides for {@code restart}: settings to change, a JSON object of keys
	 * relative to the pipeline, any key (source settings included); over JMX its text
	 * @param allowedMessages for {@code rate-limit}: messages allowed per interval
	 * @param interval for {@code rate-limit}: the interval, such as {@code 1s}
	 * @return what was done
	 * @throws InvalidEndpointRequestException if the pipeline, the action or its
	 * arguments are wrong, or the pipeline's state does not allow the action
	 */
	@WriteOperation
	public ActionResultDescriptor act(@Selector String name, String action, @Nullable Object overrides,
			@Nullable Integer allowedMessages, @Nullable String interval) {
		PipelineActions.Outcome outcome = perform(name, action, overrides, allowedMessages, interval);
		ActionResultDescriptor result = outcome.result();
		if (result == null) {
			ErrorDescriptor error = outcome.error();
			String reason = (error != null) ? String.join(" ", error.reasons()) : "Failed.";
			throw new InvalidEndpointRequestException(reason, reason);
		}
		return result;
	}

	PipelineActions.Outcome perform(String name, String action, @Nullable Object overrides,
			@Nullable Integer allowedMessages, @Nullable String interval) {
		return new PipelineActions(this.registry).perform(name, action, overrides, allowedMessages, interval);
	}

	private PipelineSummaryDescriptor summary(Pipeline<?> pipeline, PipelineStats stats) {
		return new PipelineSummaryDescriptor(stats.state(), pipeline.describeSource(), pipeline.isConnected(),
				this.throughput.perSecond(pipeline, stats), stats.inFlight(), stats.fetched(), stats.succeeded(),
				stats.failed(), stats.released());
	}

	private static TopologyDescriptor topology(Pipeline<?> pipeline) {
		PipelineSpec<?> spec = pipeline.spec();
		ProcessorSettings<?> processors = spec.processors();
		List<BatcherDescriptor> batchers = new ArrayList<>();
		for (BatcherSettings<?> batcher : spec.batchers()) {
			batchers.add(new BatcherDescriptor(batcher.name(), batcher.batchSize(), batcher.batchMaxBytes(),
					SettingsView.format(batcher.batchTimeout()), batcher.concurrency(), batcher.maxDemand(),
					batcher.partitionBy() != null));
		}
		return new TopologyDescriptor(
				new ProducersDescriptor(spec.producerConcurrency(), pipeline.describeSource(), pipeline.isConnected()),
				new ProcessorsDescriptor(PipelineSpec.PROCESSORS, processors.concurrency(), processors.maxDemand(),
						processors.minDemand(), processors.partitionBy() != null, processors.orderBy() != null),
				batchers);
	}

	private List<StageDescriptor> stages(String name, PipelineStats stats) {
		List<StageDescriptor> stages = new ArrayList<>();
		for (StageStats stage : stats.stages()) {
			DistributionDescriptor latency = switch (stage.kind()) {
				case PROCESSOR -> DistributionDescriptor.of(this.statistics.processorLatency(name), NANOS_PER_MILLI);
				case BATCH_WORKER ->
					DistributionDescriptor.of(this.statistics.batchLatency(name, stage.name()), NANOS_PER_MILLI);
				default -> null;
			};
			DistributionDescriptor sizes = (stage.kind() == StageStats.Kind.BATCHER)
					? DistributionDescriptor.of(this.statistics.batchSizes(name, stage.name()), 1) : null;
			stages.add(new StageDescriptor(stage.kind(), stage.name(), stage.workers(), stage.in(), stage.out(),
					stage.failed(), stage.queued(), stage.inFlight(), stage.handlerCalls(), latency, sizes,
					flushes(stage), OpenBatchesDescriptor.of(stage.openBatches())));
		}
		return stages;
	}

	private static Map<String, Long> flushes(StageStats stage) {
		Map<String, Long> flushes = new LinkedHashMap<>();
		if (stage.kind() == StageStats.Kind.BATCHER) {
			Map<BatchTrigger, Long> byTrigger = new EnumMap<>(BatchTrigger.class);
			byTrigger.putAll(stage.flushes());
			for (BatchTrigger trigger : BatchTrigger.values()) {
				flushes.put(trigger.name(), byTrigger.getOrDefault(trigger, 0L));
			}
		}
		return flushes;
	}

	private static @Nullable RateLimitDescriptor rateLimit(Pipeline<?> pipeline) {
		RateLimit limit = pipeline.rateLimit();
		if (limit == null) {
			return null;
		}
		return new RateLimitDescriptor(limit.allowedMessages(), SettingsView.format(limit.interval()),
				Math.max(0, pipeline.rateLimitRemaining()));
	}

	static String normalise(String action) {
		return action.trim().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
