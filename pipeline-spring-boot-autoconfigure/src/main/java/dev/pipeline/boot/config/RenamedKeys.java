package dev.pipeline.boot.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.boot.source.BackOffSettings;
import dev.pipeline.boot.source.RetrySettings;
import dev.pipeline.core.PipelineConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Keys that were renamed, so that an old one stops start-up with the name of its
 * replacement rather than as an unknown key. Retry and reconnect settings took the shape
 * of Spring Boot's retry settings ({@code max-retries}, {@code delay},
 * {@code multiplier}, {@code max-delay}, {@code jitter}).
 */
final class RenamedKeys {

	/**
	 * Old key, relative to a pipeline, to its replacement; a key ending in '.' is a
	 * prefix.
	 */
	private static final Map<String, String> RENAMED = renamed();

	private RenamedKeys() {
	}

	private static Map<String, String> renamed() {
		Map<String, String> renamed = new LinkedHashMap<>();
		String rabbit = "producer.rabbitmq.";
		renamed.put(rabbit + "backoff.min", rabbit + "reconnect.delay");
		renamed.put(rabbit + "backoff.max", rabbit + "reconnect." + BackOffSettings.MAX_DELAY);
		String kafka = "producer.kafka.";
		renamed.put(kafka + "retries", kafka + "retry." + RetrySettings.MAX_RETRIES);
		renamed.put(kafka + "retry-backoff", kafka + "retry.delay");
		renamed.put(kafka + "retry-backoff-multiplier", kafka + "retry.multiplier");
		renamed.put(kafka + "retry-max-backoff", kafka + "retry." + BackOffSettings.MAX_DELAY);
		renamed.put("producer.eventrelay.backoff.", "producer.eventrelay.reconnect.");
		return renamed;
	}

	/**
	 * Returns the replacement of a renamed key.
	 * @param key a key relative to a pipeline
	 * @return its new name, or {@code null} when it was not renamed
	 */
	static @Nullable String replacement(String key) {
		for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
			if (renamed.getKey().endsWith(".") ? key.startsWith(renamed.getKey()) : key.equals(renamed.getKey())) {
				return renamed.getValue() + key.substring(renamed.getKey().length());
			}
		}
		return null;
	}

	/**
	 * Throws when a key was renamed.
	 * @param pipeline the pipeline's name
	 * @param key the key, relative to the pipeline
	 * @throws PipelineConfigurationException naming the key and its replacement
	 */
	static void reject(String pipeline, String key) {
		String replacement = replacement(key);
		if (replacement != null) {
			throw PipelineConfigurationException.of(pipeline, List.of(key),
					"The key '" + PipelineConfigurationException.path(pipeline, key) + "' was renamed to '"
							+ PipelineConfigurationException.path(pipeline, replacement) + "'.",
					"Rename it; retry and reconnect settings have the shape of Spring Boot's retry settings "
							+ "(docs/configuration.md lists every key).");
		}
	}

}
