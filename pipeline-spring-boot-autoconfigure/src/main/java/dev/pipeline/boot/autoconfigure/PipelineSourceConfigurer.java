package dev.pipeline.boot.autoconfigure;

import dev.pipeline.boot.autoconfigure.PipelineProperties.Producer;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;

/**
 * Makes a pipeline's sources from one kind of {@code producer.*} settings, such as
 * {@code producer.rabbitmq}. Contributed as a bean by the auto-configuration of that
 * broker, which is active only when its client is on the classpath.
 *
 * <p>
 * Called once per pipeline at start-up, after the processors, batchers and handlers are
 * set on the builder, so a source can size itself from the pipeline's demand.
 *
 * @since 0.1.0
 */
public interface PipelineSourceConfigurer {

	/**
	 * Returns the key under {@code producer} this configurer reads.
	 * @return for example {@code rabbitmq}
	 */
	String kind();

	/**
	 * Sets the pipeline's sources on the builder.
	 * @param pipeline the pipeline's name
	 * @param producer the pipeline's producer settings
	 * @param builder the pipeline's builder, with everything but its sources set
	 * @throws dev.pipeline.boot.diagnostics.PipelineSetupException when a setting is
	 * invalid
	 */
	void configure(String pipeline, Producer producer, PipelineSpec.Builder<Object> builder);

	/**
	 * Builds the spec as it stands, with stand-in sources, so a source can size itself
	 * from the pipeline's settings before its real sources are set.
	 * @param builder the pipeline's builder; its sources are replaced
	 * @param concurrency the number of producers
	 * @return the validated spec
	 * @throws dev.pipeline.core.PipelineConfigurationException when a setting is invalid
	 */
	static PipelineSpec<Object> draft(PipelineSpec.Builder<Object> builder, int concurrency) {
		return builder.sources(concurrency, (index) -> new Source<>() {

			@Override
			public void start(Emitter<Object> emitter) {
				throw new IllegalStateException("A stand-in for sizing, not a source");
			}

			@Override
			public void request(int count) {
			}

		}).build();
	}

}
