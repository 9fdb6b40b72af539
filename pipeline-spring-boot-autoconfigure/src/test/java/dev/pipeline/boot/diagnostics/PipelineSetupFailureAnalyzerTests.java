package dev.pipeline.boot.diagnostics;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineSetupFailureAnalyzerTests {

	@Test
	void whenSpringFactoriesAreLoadedThenTheAnalyzerIsRegistered() {
		// analyzers of other modules that need a bean factory are skipped
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, (type, name, failure) -> {
			})).hasAtLeastOneElementOfType(PipelineSetupFailureAnalyzer.class);
	}

	@Test
	void whenTheSetupExceptionIsACauseThenItsDescriptionAndActionAreReported() {
		FailureAnalysis analysis = new PipelineSetupFailureAnalyzer()
			.analyze(new IllegalStateException("refresh", new PipelineSetupException("What is wrong.", "The fix.")));
		assertThat(analysis.getDescription()).isEqualTo("What is wrong.");
		assertThat(analysis.getAction()).isEqualTo("The fix.");
	}

}
