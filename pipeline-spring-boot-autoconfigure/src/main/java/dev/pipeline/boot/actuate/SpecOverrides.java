package dev.pipeline.boot.actuate;

import java.util.Map;

import dev.pipeline.boot.config.Overrides;
import dev.pipeline.boot.config.PipelineBinder;
import dev.pipeline.boot.config.PipelineSettings;
import dev.pipeline.boot.config.SpecMapping;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.PipelineSpec;

/**
 * Applies restart overrides to the spec of a pipeline built in plain Java: the spec's
 * settings are read back ({@link SpecMapping#of}), the overrides are bound onto them with
 * the same binding as {@code application.yml}, and the changed spec is built, so
 * validated. Pipelines configured through properties are rebuilt from their properties
 * instead, where source settings can change too.
 *
 * @since 0.1.0
 */
public final class SpecOverrides {

	private SpecOverrides() {
	}

	/**
	 * Applies overrides to a spec.
	 * @param spec the running spec
	 * @param overrides the settings to change, keyed relative to the pipeline, possibly
	 * nested
	 * @param <T> the type of the data
	 * @return the changed spec, validated
	 * @throws dev.pipeline.core.PipelineConfigurationException if a key is not
	 * understood, a value has the wrong type, or the changed settings cannot work
	 */
	public static <T> PipelineSpec<T> apply(PipelineSpec<T> spec, Map<String, ?> overrides) {
		Map<String, String> flat = Overrides.flatten(spec.name(), overrides);
		Overrides.requireKnownBatchers(spec.name(), flat, spec.batchers().stream().map(BatcherSettings::name).toList());
		PipelineSettings settings = PipelineBinder.bindOnto(spec.name(), SpecMapping.of(spec), flat);
		PipelineSpec.Builder<T> builder = spec.toBuilder();
		builder.sources(settings.getProducer().getConcurrency(), spec.sources());
		SpecMapping.applyTo(spec.name(), settings, builder);
		return builder.build();
	}

}
