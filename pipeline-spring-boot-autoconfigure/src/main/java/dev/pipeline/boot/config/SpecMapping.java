package dev.pipeline.boot.config;

import java.util.Map;

import dev.pipeline.boot.config.PipelineSettings.Batcher;
import dev.pipeline.boot.config.PipelineSettings.Processor;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.ProcessorSettings;
import dev.pipeline.core.RateLimit;

import org.springframework.util.unit.DataSize;

/**
 * Maps the engine's settings between {@link PipelineSettings} and a spec, both ways: onto
 * a builder at start-up and restart, and back from a running spec, derived values
 * included, for the effective configuration and for pipelines built in plain Java.
 * Sources, handlers and partition functions are not settings and are left as they are.
 *
 * @since 0.2.0
 */
public final class SpecMapping {

	private SpecMapping() {
	}

	/**
	 * Sets the engine's settings on a builder; the engine validates them when the spec is
	 * built.
	 * @param pipeline the pipeline's name
	 * @param settings the settings
	 * @param builder the builder
	 * @param <T> the type of the data
	 * @throws dev.pipeline.core.PipelineConfigurationException if the rate limit is out
	 * of range
	 */
	public static <T> void applyTo(String pipeline, PipelineSettings settings, PipelineSpec.Builder<T> builder) {
		PipelineSettings.RateLimit limit = settings.getProducer().getRateLimit();
		builder.rateLimit(
				(limit != null) ? RateLimit.of(pipeline, limit.getAllowedMessages(), limit.getInterval()) : null);
		Processor processor = settings.getProcessors().getOrDefault(PipelineSpec.PROCESSORS, new Processor());
		builder.processors((p) -> {
			if (processor.getConcurrency() != null) {
				p.concurrency(processor.getConcurrency());
			}
			if (processor.getMaxDemand() != null) {
				p.maxDemand(processor.getMaxDemand());
			}
			p.minDemand(processor.getMinDemand());
		});
		settings.getBatchers().forEach((name, batcher) -> builder.batcher(name, (b) -> {
			b.batchSize(batcher.getBatchSize())
				.batchTimeout(batcher.getBatchTimeout())
				.concurrency(batcher.getConcurrency())
				.maxDemand(batcher.getMaxDemand());
			b.batchMaxBytes((batcher.getBatchMaxBytes() != null) ? batcher.getBatchMaxBytes().toBytes() : 0);
		}));
		builder.shutdownTimeout(settings.getShutdownTimeout());
		if (settings.getThreads() != null) {
			builder.threads(settings.getThreads());
		}
	}

	/**
	 * Reads the engine's settings back from a spec, with the values the engine derived.
	 * @param spec the spec
	 * @return its settings; partition-by is left unset, as a function has no text form
	 */
	public static PipelineSettings of(PipelineSpec<?> spec) {
		PipelineSettings settings = new PipelineSettings();
		settings.getProducer().setConcurrency(spec.producerConcurrency());
		RateLimit limit = spec.rateLimit();
		if (limit != null) {
			PipelineSettings.RateLimit rateLimit = new PipelineSettings.RateLimit();
			rateLimit.setAllowedMessages(limit.allowedMessages());
			rateLimit.setInterval(limit.interval());
			settings.getProducer().setRateLimit(rateLimit);
		}
		ProcessorSettings<?> processors = spec.processors();
		Processor processor = new Processor();
		processor.setConcurrency(processors.concurrency());
		processor.setMaxDemand(processors.maxDemand());
		processor.setMinDemand(processors.minDemand());
		settings.getProcessors().put(PipelineSpec.PROCESSORS, processor);
		Map<String, Batcher> batchers = settings.getBatchers();
		for (BatcherSettings<?> batcher : spec.batchers()) {
			Batcher described = new Batcher();
			described.setBatchSize(batcher.batchSize());
			described
				.setBatchMaxBytes((batcher.batchMaxBytes() > 0) ? DataSize.ofBytes(batcher.batchMaxBytes()) : null);
			described.setBatchTimeout(batcher.batchTimeout());
			described.setConcurrency(batcher.concurrency());
			described.setMaxDemand(batcher.maxDemand());
			batchers.put(batcher.name(), described);
		}
		settings.setShutdownTimeout(spec.shutdownTimeout());
		settings.setThreads(spec.threadMode());
		return settings;
	}

}
