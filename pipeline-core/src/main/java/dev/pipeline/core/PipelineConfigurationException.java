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
