package dev.pipeline.core;

import java.util.List;

/**
 * A setting of a pipeline that cannot work, found when the pipeline is built. The message
 * is one sentence that names the setting's full path (with the pipeline's name), the
 * value given, what is allowed, and then the fix.
 *
 * <p>
 * Paths start at the pipeline's name, for example
 * {@code sensors.processors.default.concurrency}; a framework that binds pipelines from
 * properties renders them under its own prefix with {@link #reason(String)}.
 *
 * @since 0.1.0
 */
public final class PipelineConfigurationException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** Stands where the property prefix goes in a reason template. */
	static final String PREFIX = "{prefix}";

	private final String pipeline;

	private final List<String> keys;

	private final String reasonTemplate;

	private final String action;

	/**
	 * Creates an exception.
	 * @param pipeline the pipeline's name
	 * @param keys the settings involved, relative to the pipeline
	 * @param reasonTemplate what is wrong, a sentence, with {@value #PREFIX} before each
	 * path
	 * @param action the fix, a sentence
	 */
	PipelineConfigurationException(String pipeline, List<String> keys, String reasonTemplate, String action) {
		super(reasonTemplate.replace(PREFIX, "") + " Action: " + action);
		this.pipeline = pipeline;
		this.keys = List.copyOf(keys);
		this.reasonTemplate = reasonTemplate;
		this.action = action;
	}

	/**
	 * Says that one setting has a value that cannot work, in the grammar every
	 * configuration error follows: "Invalid value 'V' for 'PATH': REQUIREMENT." The path
	 * is rendered under whatever prefix the caller binds pipelines from.
	 * <p>
	 * For sources and other libraries that validate their own settings.
	 * @param pipeline the pipeline's name
	 * @param key the setting, relative to the pipeline, e.g.
	 * {@code producer.rabbitmq.prefetch}
	 * @param value the value given
	 * @param requirement what is allowed, without a final period, e.g.
	 * {@code must be 1 or more}
	 * @param action the fix, a sentence
	 * @return the exception, to throw
	 * @since 0.2.0
	 */
	public static PipelineConfigurationException invalid(String pipeline, String key, Object value, String requirement,
			String action) {
		return new PipelineConfigurationException(pipeline, List.of(key),
				"Invalid value '" + value + "' for '" + PREFIX + pipeline + "." + key + "': " + requirement + ".",
				action);
	}

	/**
	 * Says that settings do not work together, or that one is missing. Each path in the
	 * reason is written with {@value #PREFIX} before the pipeline's name, as in
	 * <code>"{prefix}sensors.producer.kafka"</code>, so it renders under the caller's
	 * prefix.
	 * @param pipeline the pipeline's name
	 * @param keys the settings involved, relative to the pipeline
	 * @param reasonTemplate what is wrong, a sentence
	 * @param action the fix, a sentence
	 * @return the exception, to throw
	 * @since 0.2.0
	 */
	public static PipelineConfigurationException of(String pipeline, List<String> keys, String reasonTemplate,
			String action) {
		return new PipelineConfigurationException(pipeline, keys, reasonTemplate, action);
	}

	/**
	 * Returns a path rendered under the caller's prefix, for reasons built with
	 * {@link #of}.
	 * @param pipeline the pipeline's name
	 * @param key the setting, relative to the pipeline, or empty for the pipeline
	 * @return for example <code>{prefix}sensors.producer.kafka</code>
	 * @since 0.2.0
	 */
	public static String path(String pipeline, String key) {
		return PREFIX + pipeline + (key.isEmpty() ? "" : "." + key);
	}

	/**
	 * @return the pipeline's name
	 */
	public String pipeline() {
		return this.pipeline;
	}

	/**
	 * @return the settings involved, relative to the pipeline, e.g.
	 * {@code processors.default.concurrency}
	 */
	public List<String> keys() {
		return this.keys;
	}

	/**
	 * @return what is wrong, a sentence, with paths starting at the pipeline's name
	 */
	public String reason() {
		return this.reasonTemplate.replace(PREFIX, "");
	}

	/**
	 * Returns what is wrong with every path rendered under a prefix.
	 * @param propertyPrefix for example {@code pipeline.pipelines.}
	 * @return the reason, a sentence
	 */
	public String reason(String propertyPrefix) {
		return this.reasonTemplate.replace(PREFIX, propertyPrefix);
	}

	/**
	 * @return the fix, a sentence
	 */
	public String action() {
		return this.action;
	}

}
