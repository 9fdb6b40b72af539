package dev.pipeline.boot.support;

import dev.pipeline.boot.diagnostics.PipelineSetupFailureAnalyzer;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts the failure analysis of a context that failed to start. */
public final class Failures {

	private Failures() {
	}

	/**
	 * Asserts that the context failed and that the failure analyzer reports it with
	 * exactly this description and action.
	 * @param context the context
	 * @param description the expected description
	 * @param action the expected action
	 */
	public static void assertAnalysis(AssertableApplicationContext context, String description, String action) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new PipelineSetupFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo(description);
		assertThat(analysis.getAction()).isEqualTo(action);
	}

}
