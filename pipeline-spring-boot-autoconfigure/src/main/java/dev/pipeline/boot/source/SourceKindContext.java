package dev.pipeline.boot.source;

import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.source.InMemorySource;

import org.springframework.core.ResolvableType;

/**
 * The pipeline a {@link PipelineSourceKind} configures, and the way it reports a bad
 * setting in the project's one grammar (the full key, the value, what is allowed, the
 * fix).
 *
 * @param pipeline the pipeline's name
 * @param kind the kind's name, the key under {@code producer}
 * @param producerConcurrency the number of producers, each with its own source
 * @param payloadType the type the handler takes payloads as, which a kind that emits
 * objects (rather than {@code byte[]} or {@code String}) must emit; {@code Object} when
 * any will do: the handler declares no payload, or the application converts payloads with
 * a {@code PayloadConverter} of its own
 * @param handlerMethod the handler's {@code @OnMessage} method, for messages, or empty
 * @since 0.2.0
 */
public record SourceKindContext(String pipeline, String kind, int producerConcurrency, ResolvableType payloadType,
		String handlerMethod) {

	/**
	 * Creates a context for a pipeline whose handler takes any payload.
	 * @param pipeline the pipeline's name
	 * @param kind the kind's name, the key under {@code producer}
	 * @param producerConcurrency the number of producers
	 */
	public SourceKindContext(String pipeline, String kind, int producerConcurrency) {
		this(pipeline, kind, producerConcurrency, ResolvableType.forClass(Object.class), "");
	}

	/**
	 * Returns a setting's key relative to the pipeline, as errors and the effective
	 * configuration name it.
	 * @param setting the setting's key under {@code producer.<kind>}, for example
	 * {@code prefetch}
	 * @return for example {@code producer.rabbitmq.prefetch}
	 */
	public String key(String setting) {
		return "producer." + this.kind + (setting.isEmpty() ? "" : "." + setting);
	}

	/**
	 * Says that one of the kind's settings cannot work.
	 * @param setting the setting's key under {@code producer.<kind>}
	 * @param value the value given
	 * @param requirement what is allowed, for example {@code must be 1 or more}
	 * @param action the fix, a sentence
	 * @return the exception, to throw
	 */
	public PipelineConfigurationException invalid(String setting, Object value, String requirement, String action) {
		return PipelineConfigurationException.invalid(this.pipeline, key(setting), value, requirement, action);
	}

	/**
	 * Builds the pipeline's spec as it stands, with stand-in sources, so a kind can size
	 * itself from the pipeline's demand before it sets its real sources.
	 * @param builder the pipeline's builder; its sources are replaced
	 * @return the validated spec
	 * @throws PipelineConfigurationException when another setting is invalid
	 */
	public PipelineSpec<Object> draft(PipelineSpec.Builder<Object> builder) {
		return builder.sources(this.producerConcurrency, (index) -> new InMemorySource<>("a stand-in for sizing"))
			.build();
	}

}
