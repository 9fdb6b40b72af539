package dev.pipeline.boot.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.SettingKeys;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Restart overrides: keys relative to a pipeline, as an operator sends them. A JSON
 * object may nest ({@code {"batchers":{"store":{"batch-size":50}}}}) or use dotted keys
 * ({@code {"batchers.store.batch-size":50}}); keys may also carry the full prefix
 * {@code pipeline.pipelines.<name>.}; a list value sets a list.
 *
 * @since 0.2.0
 */
public final class Overrides {

	private Overrides() {
	}

	/**
	 * Flattens overrides into values by key relative to the pipeline, as the binder reads
	 * them.
	 * @param pipeline the pipeline's name
	 * @param overrides the overrides, possibly nested
	 * @return the values by key, in order
	 * @throws PipelineConfigurationException when a key is not a valid property name
	 */
	public static Map<String, String> flatten(String pipeline, Map<String, ?> overrides) {
		Map<String, String> flat = new LinkedHashMap<>();
		flatten(pipeline, "", overrides, flat);
		return flat;
	}

	/**
	 * Refuses overrides that name a batcher the pipeline does not have: a restart changes
	 * batchers, it cannot add one (a batcher needs its batch handler).
	 * @param pipeline the pipeline's name
	 * @param overrides the flat overrides
	 * @param batchers the pipeline's batchers
	 * @throws PipelineConfigurationException naming the batcher and the ones there are
	 */
	public static void requireKnownBatchers(String pipeline, Map<String, String> overrides,
			Collection<String> batchers) {
		String prefix = SettingKeys.BATCHERS + ".";
		for (String key : overrides.keySet()) {
			if (!key.startsWith(prefix)) {
				continue;
			}
			String rest = key.substring(prefix.length());
			String batcher = (rest.indexOf('.') > 0) ? rest.substring(0, rest.indexOf('.')) : rest;
			if (!batchers.contains(batcher)) {
				throw PipelineConfigurationException.of(pipeline, List.of(key),
						"Unknown batcher '" + batcher + "' in '"
								+ PipelineConfigurationException.path(pipeline, SettingKeys.BATCHERS)
								+ "': the pipeline has " + batchers + ".",
						"Name one of the pipeline's batchers; a restart cannot add a batcher.");
			}
		}
	}

	private static void flatten(String pipeline, String prefix, Map<?, ?> source, Map<String, String> target) {
		String full = PipelineBinder.PREFIX + pipeline + ".";
		source.forEach((rawKey, value) -> {
			String key = prefix + rawKey;
			if (key.startsWith(full)) {
				key = key.substring(full.length());
			}
			if (!ConfigurationPropertyName.isValid(key)) {
				throw PipelineConfigurationException.of(pipeline, List.of(key),
						"Invalid key '" + key + "' in the overrides of pipeline '"
								+ PipelineConfigurationException.path(pipeline, "")
								+ "': keys are lower case, with words separated by '-' and levels by '.'.",
						"Write the key as in application.yml, relative to the pipeline, such as "
								+ SettingKeys.batcher("store", SettingKeys.BATCH_SIZE) + ".");
			}
			if (value instanceof Map<?, ?> nested) {
				flatten(pipeline, key + ".", nested, target);
			}
			else if (value instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					target.put(key + "[" + i + "]", String.valueOf(list.get(i)));
				}
			}
			else if (value != null) {
				target.put(key, String.valueOf(value));
			}
		});
	}

}
