package dev.pipeline.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link PipelineSetupException} that stopped start-up as its description and
 * action, without a stack trace of the engine. Registered in
 * {@code META-INF/spring.factories}.
 *
 * @since 0.1.0
 */
public class PipelineSetupFailureAnalyzer extends AbstractFailureAnalyzer<PipelineSetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipelineSetupException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
