package dev.pipeline.boot.autoconfigure;

import dev.pipeline.boot.autoconfigure.ContextPropagationTests.Recorder;
import dev.pipeline.boot.autoconfigure.ContextPropagationTests.Seen;
import dev.pipeline.boot.metrics.PipelineObservations;
import dev.pipeline.core.ThreadMode;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static dev.pipeline.boot.autoconfigure.ContextPropagationTests.CALLER;
import static dev.pipeline.boot.autoconfigure.ContextPropagationTests.runUnderCallerObservation;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContextPropagationTests} on virtual threads: the build runs this class on the
 * Java 25 JDK of the machine (the {@code java25} profile of this module's POM).
 */
class ContextPropagationOnJava25Tests {

	@Test
	void whenVirtualThreadsRunTheHandlersThenTheyStillSeeTheStartersMdcAndTheirMessagesObservation() {
		runUnderCallerObservation(
				ContextPropagationTests.RUNNER.withPropertyValues("spring.threads.virtual.enabled=true")
					.withBean(TaskDecorator.class, ContextPropagatingTaskDecorator::new),
				(context) -> {
					assertThat(ThreadsTests.threads(context)).isEqualTo(ThreadMode.VIRTUAL);
					assertThat(context.getBean(Recorder.class).seen)
						.containsOnly(new Seen("acme", PipelineObservations.MESSAGE, CALLER, true));
				});
	}

}
