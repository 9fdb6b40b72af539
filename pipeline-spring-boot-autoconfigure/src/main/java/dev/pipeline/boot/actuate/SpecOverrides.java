package dev.pipeline.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.RateLimit;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * Applies overrides, keyed as in {@link EffectiveConfiguration}, to a spec's builder, and
 * builds (so validates) the changed spec. Keys may also carry the property prefix
 * {@code pipeline.pipelines.<name>.}; nested maps are flattened with dots.
 *
 * @since 0.1.0
 */
public final class SpecOverrides {

	private static final String PROCESSORS = "processors." + PipelineSpec.PROCESSORS + ".";

	private static final String SUPPORTED = "Use one of producer.rate-limit.allowed-messages, "
			+ "producer.rate-limit.interval, processors.default.concurrency, processors.default.max-demand, "
			+ "processors.default.min-demand, batchers.<name>.batch-size, batchers.<name>.batch-max-bytes, "
			+ "batchers.<name>.batch-timeout, batchers.<name>.concurrency, batchers.<name>.max-demand "
			+ "or shutdown-timeout.";

	private SpecOverrides() {
	}

	/**
	 * Applies overrides to a spec.
	 * @param spec the running spec
	 * @param overrides the settings to change
	 * @param <T> the type of the data
	 * @return the changed spec, validated
	 * @throws InvalidOverridesException if a key is not understood or a value has the
	 * wrong type
	 * @throws dev.pipeline.core.PipelineConfigurationException if the changed settings
	 * cannot work
	 */
	public static <T> PipelineSpec<T> apply(PipelineSpec<T> spec, Map<String, ?> overrides) {
		Map<String, Object> flat = new TreeMap<>();
		flatten("", overrides, flat, "pipeline.pipelines." + spec.name() + ".");
		PipelineSpec.Builder<T> builder = spec.toBuilder();
		RateLimit current = spec.rateLimit();
		Integer allowed = null;
		Duration interval = null;
		for (Map.Entry<String, Object> entry : flat.entrySet()) {
			String key = entry.getKey();
			Object value = entry.getValue();
			if (key.equals("producer.rate-limit.allowed-messages")) {
				allowed = integer(spec, key, value);
			}
			else if (key.equals("producer.rate-limit.interval")) {
				interval = duration(spec, key, value);
			}
			else if (key.equals("shutdown-timeout")) {
				builder.shutdownTimeout(duration(spec, key, value));
			}
			else if (key.startsWith(PROCESSORS)) {
				applyProcessors(spec, builder, key, value);
			}
			else if (key.startsWith("batchers.")) {
				applyBatcher(spec, builder, key, value);
			}
			else {
				throw unknown(spec, key);
			}
		}
		if (allowed != null || interval != null) {
			builder.rateLimit(rateLimit(spec, allowed, interval, current));
		}
		return builder.build();
	}

	private static <T> void applyProcessors(PipelineSpec<T> spec, PipelineSpec.Builder<T> builder, String key,
			Object value) {
		String setting = key.substring(PROCESSORS.length());
		int number = integer(spec, key, value);
		switch (setting) {
			case "concurrency" -> builder.processors((p) -> p.concurrency(number));
			case "max-demand" -> builder.processors((p) -> p.maxDemand(number));
			case "min-demand" -> builder.processors((p) -> p.minDemand(number));
			default -> throw unknown(spec, key);
		}
	}

	private static <T> void applyBatcher(PipelineSpec<T> spec, PipelineSpec.Builder<T> builder, String key,
			Object value) {
		String rest = key.substring("batchers.".length());
		int dot = rest.lastIndexOf('.');
		String name = (dot > 0) ? rest.substring(0, dot) : rest;
		String setting = (dot > 0) ? rest.substring(dot + 1) : "";
		if (spec.batcher(name) == null) {
			throw new InvalidOverridesException(List.of(key),
					"Unknown batcher '" + name + "' in '" + spec.name() + ".batchers': the pipeline has "
							+ spec.batchers().stream().map(BatcherSettings::name).toList() + ".",
					"Name one of the pipeline's batchers; a restart cannot add a batcher.");
		}
		switch (setting) {
			case "batch-size" -> {
				int size = integer(spec, key, value);
				builder.batcher(name, (b) -> b.batchSize(size));
			}
			case "batch-max-bytes" -> {
				long bytes = integer(spec, key, value);
				builder.batcher(name, (b) -> b.batchMaxBytes(bytes));
			}
			case "batch-timeout" -> {
				Duration timeout = duration(spec, key, value);
				builder.batcher(name, (b) -> b.batchTimeout(timeout));
			}
			case "concurrency" -> {
				int workers = integer(spec, key, value);
				builder.batcher(name, (b) -> b.concurrency(workers));
			}
			case "max-demand" -> {
				int demand = integer(spec, key, value);
				builder.batcher(name, (b) -> b.maxDemand(demand));
			}
			default -> throw unknown(spec, key);
		}
	}

	private static RateLimit rateLimit(PipelineSpec<?> spec, @Nullable Integer allowed, @Nullable Duration interval,
			@Nullable RateLimit current) {
		Integer messages = (allowed != null) ? allowed : (current != null) ? current.allowedMessages() : null;
		Duration every = (interval != null) ? interval : (current != null) ? current.interval() : null;
		if (messages == null || every == null) {
			throw new InvalidOverridesException(
					List.of("producer.rate-limit.allowed-messages", "producer.rate-limit.interval"),
					"Pipeline '" + spec.name() + "' has no rate limit, so '" + spec.name()
							+ ".producer.rate-limit' needs both allowed-messages and interval.",
					"Give both producer.rate-limit.allowed-messages and producer.rate-limit.interval.");
		}
		if (messages < 1) {
			throw invalid(spec, "producer.rate-limit.allowed-messages", messages, "must be 1 or more",
					"Set a positive integer.");
		}
		if (every.toMillis() < 1) {
			throw invalid(spec, "producer.rate-limit.interval", EffectiveConfiguration.format(every),
					"must be 1ms or more", "Set a duration such as 1s.");
		}
		return new RateLimit(messages, every);
	}

	private static int integer(PipelineSpec<?> spec, String key, Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			long number = ((Number) value).longValue();
			if (number == (int) number) {
				return (int) number;
			}
		}
		if (value instanceof String text) {
			try {
				return Integer.parseInt(text.trim());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw invalid(spec, key, value, "must be an integer", "Give a whole number.");
	}

	private static Duration duration(PipelineSpec<?> spec, String key, Object value) {
		if (value instanceof Integer || value instanceof Long) {
			return Duration.ofMillis(((Number) value).longValue());
		}
		if (value instanceof String text) {
			try {
				return DurationStyle.detectAndParse(text.trim());
			}
			catch (IllegalArgumentException ex) {
				// reported below
			}
		}
		throw invalid(spec, key, value, "must be a duration", "Give a duration such as 2s or 500ms.");
	}

	private static InvalidOverridesException invalid(PipelineSpec<?> spec, String key, Object value, String requirement,
			String action) {
		return new InvalidOverridesException(List.of(key),
				"Invalid value '" + value + "' for '" + spec.name() + "." + key + "': " + requirement + ".", action);
	}

	private static InvalidOverridesException unknown(PipelineSpec<?> spec, String key) {
		return new InvalidOverridesException(List.of(key),
				"Unknown setting '" + spec.name() + "." + key + "': it cannot be changed by a restart.", SUPPORTED);
	}

	private static void flatten(String prefix, Map<String, ?> source, Map<String, Object> target,
			String propertyPrefix) {
		for (Map.Entry<String, ?> entry : source.entrySet()) {
			String key = prefix + entry.getKey();
			if (key.startsWith(propertyPrefix)) {
				key = key.substring(propertyPrefix.length());
			}
			if (entry.getValue() instanceof Map<?, ?> nested) {
				Map<String, Object> named = new TreeMap<>();
				nested.forEach((k, v) -> named.put(String.valueOf(k), v));
				flatten(key + ".", named, target, propertyPrefix);
			}
			else if (entry.getValue() != null) {
				target.put(key, entry.getValue());
			}
		}
	}

}
