package dev.pipeline.boot.autoconfigure;

import dev.pipeline.boot.autoconfigure.ThreadsTests.Recorder;
import dev.pipeline.core.ThreadMode;
import org.junit.jupiter.api.Test;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual threads on a JDK that has them. The build runs this class on the Java 25 JDK of
 * the machine (the {@code java25} profile of this module's POM), not on the build's Java
 * 17.
 */
class VirtualThreadsOnJava25Tests {

	@Test
	void whenTheJdkHasVirtualThreadsThenThisRunsOnIt() {
		assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
	}

	@Test
	void whenSpringBootsVirtualThreadsAreOnThenHandlersRunOnVirtualThreads() {
		ThreadsTests.RUNNER.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(ThreadsTests.threads(context)).isEqualTo(ThreadMode.VIRTUAL);
			await().until(() -> context.getBean(Recorder.class).virtual.size() == 20);
			assertThat(context.getBean(Recorder.class).virtual).containsOnly(true);
		});
	}

	@Test
	void whenThreadsIsSetToPlatformThenItWinsOverSpringBootsSetting() {
		ThreadsTests.RUNNER
			.withPropertyValues("spring.threads.virtual.enabled=true", "pipeline.pipelines.t.threads=platform")
			.run((context) -> {
				await().until(() -> context.getBean(Recorder.class).virtual.size() == 20);
				assertThat(context.getBean(Recorder.class).virtual).containsOnly(false);
			});
	}

}
