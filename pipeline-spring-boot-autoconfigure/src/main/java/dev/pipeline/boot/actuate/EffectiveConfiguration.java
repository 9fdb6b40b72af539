package dev.pipeline.boot.actuate;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.ProcessorSettings;
import dev.pipeline.core.RateLimit;

/**
 * Describes the settings of a {@link PipelineSpec} the way they are written in
 * {@code application.yml}, keyed by their path relative to the pipeline (the keys
 * {@link PipelineRegistry#restart} accepts as overrides). Durations read as in YAML
 * ({@code 2s}, {@code 500ms}); a {@code partition-by} is shown as {@code custom} because
 * a function has no text form.
 *
 * @since 0.1.0
 */
public final class EffectiveConfiguration {

	private EffectiveConfiguration() {
	}

	/**
	 * Describes a spec.
	 * @param spec the spec
	 * @return its settings, in the order of the YAML reference, unmodifiable
	 */
	public static Map<String, Object> of(PipelineSpec<?> spec) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("producer.concurrency", spec.producerConcurrency());
		RateLimit rateLimit = spec.rateLimit();
		if (rateLimit != null) {
			settings.put("producer.rate-limit.allowed-messages", rateLimit.allowedMessages());
			settings.put("producer.rate-limit.interval", format(rateLimit.interval()));
		}
		ProcessorSettings<?> processors = spec.processors();
		String prefix = "processors." + PipelineSpec.PROCESSORS + ".";
		settings.put(prefix + "concurrency", processors.concurrency());
		settings.put(prefix + "max-demand", processors.maxDemand());
		settings.put(prefix + "min-demand", processors.minDemand());
		if (processors.partitionBy() != null) {
			settings.put(prefix + "partition-by", "custom");
		}
		for (BatcherSettings<?> batcher : spec.batchers()) {
			String key = "batchers." + batcher.name() + ".";
			settings.put(key + "batch-size", batcher.batchSize());
			if (batcher.batchMaxBytes() > 0) {
				settings.put(key + "batch-max-bytes", batcher.batchMaxBytes());
			}
			settings.put(key + "batch-timeout", format(batcher.batchTimeout()));
			settings.put(key + "concurrency", batcher.concurrency());
			settings.put(key + "max-demand", batcher.maxDemand());
			if (batcher.partitionBy() != null) {
				settings.put(key + "partition-by", "custom");
			}
		}
		settings.put("shutdown-timeout", format(spec.shutdownTimeout()));
		settings.put("threads", spec.threadMode().name().toLowerCase(Locale.ROOT));
		return Collections.unmodifiableMap(settings);
	}

	/**
	 * Writes a duration as in YAML, in the largest unit that keeps it exact.
	 * @param duration the duration
	 * @return for example {@code 2s}, {@code 1500ms} or {@code 5m}
	 */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (duration.toNanos() % 1_000_000 != 0) {
			return duration.toNanos() + "ns";
		}
		if (millis != 0 && millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis != 0 && millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

}
