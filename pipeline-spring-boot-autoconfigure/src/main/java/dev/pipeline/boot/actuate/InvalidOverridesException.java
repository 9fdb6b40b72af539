package dev.pipeline.boot.actuate;

import java.util.List;

/**
 * An override given to {@link PipelineRegistry#restart} that is not understood: an
 * unknown key, a batcher the pipeline does not have, or a value of the wrong type. Reads
 * like {@link dev.pipeline.core.PipelineConfigurationException}: a reason that names the
 * full path and the value, then the fix.
 *
 * @since 0.1.0
 */
public final class InvalidOverridesException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final List<String> keys;

	private final String reason;

	private final String action;

	/**
	 * Creates an exception.
	 * @param keys the overrides involved, relative to the pipeline
	 * @param reason what is wrong, a sentence
	 * @param action the fix, a sentence
	 */
	public InvalidOverridesException(List<String> keys, String reason, String action) {
		super(reason + " Action: " + action);
		this.keys = List.copyOf(keys);
		this.reason = reason;
		this.action = action;
	}

	/**
	 * @return the overrides involved, relative to the pipeline
	 */
	public List<String> keys() {
		return this.keys;
	}

	/**
	 * @return what is wrong, a sentence
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * @return the fix, a sentence
	 */
	public String action() {
		return this.action;
	}

}
