package dev.pipeline.boot.diagnostics;

import dev.pipeline.core.PipelineConfigurationException;

/**
 * A pipeline that cannot be set up from its properties and its handler bean: a bad
 * setting, a missing or duplicate handler, a bad handler method signature. Thrown at
 * start-up, before any pipeline runs, and reported by
 * {@link PipelineSetupFailureAnalyzer} as its description (what is wrong, naming the full
 * key path {@code pipeline.pipelines.<name>...} or the method) and its action (the fix).
 *
 * @since 0.1.0
 */
public class PipelineSetupException extends RuntimeException {

	/** The prefix of every pipeline's properties. */
	public static final String PREFIX = "pipeline.pipelines.";

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	/**
	 * Creates an exception.
	 * @param description what is wrong, one or more sentences
	 * @param action the fix, a sentence
	 */
	public PipelineSetupException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Creates an exception.
	 * @param description what is wrong, one or more sentences
	 * @param action the fix, a sentence
	 * @param cause what made it wrong, or {@code null}
	 */
	public PipelineSetupException(String description, String action, Throwable cause) {
		super(description + " Action: " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * Renders an engine validation error with property paths under {@value #PREFIX}.
	 * @param ex the engine's error
	 * @return the exception to throw
	 */
	public static PipelineSetupException from(PipelineConfigurationException ex) {
		return new PipelineSetupException(ex.reason(PREFIX), ex.action(), ex);
	}

	/**
	 * @return what is wrong
	 */
	public String description() {
		return this.description;
	}

	/**
	 * @return the fix
	 */
	public String action() {
		return this.action;
	}

}
