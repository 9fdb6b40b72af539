package dev.pipeline.boot.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.boot.config.SettingsView;
import dev.pipeline.boot.config.SpecMapping;
import dev.pipeline.core.PipelineSpec;

/**
 * Describes the settings of a {@link PipelineSpec} the way they are written in
 * {@code application.yml}, keyed by their path relative to the pipeline (the keys
 * {@link PipelineRegistry#restart} accepts as overrides), with the values the engine
 * derived. For pipelines built in plain Java; pipelines configured through properties
 * show what was bound, source settings included.
 *
 * @since 0.1.0
 */
public final class EffectiveConfiguration {

	private EffectiveConfiguration() {
	}

	/**
	 * Describes a spec.
	 * @param spec the spec
	 * @return its settings, unmodifiable
	 */
	public static Map<String, Object> of(PipelineSpec<?> spec) {
		Map<String, Object> settings = new LinkedHashMap<>();
		SettingsView.describe("", SpecMapping.of(spec), settings);
		return Collections.unmodifiableMap(settings);
	}

}
