package dev.pipeline.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.core.ThreadMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The threads a pipeline runs on follow its {@code threads} key, and by default Spring
 * Boot's {@code spring.threads.virtual.enabled}, which takes effect on Java 21 or later.
 * These run on the build's JDK (Java 17); {@link VirtualThreadsOnJava25Tests} runs on a
 * Java 25 JDK.
 */
class ThreadsTests {

	static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
		.withUserConfiguration(Recorder.class)
		.withPropertyValues("pipeline.pipelines.t.producer.generator.limit=20");

	@Test
	void whenNothingIsSetThenPlatformThreadsRunTheHandlers() {
		RUNNER.run((context) -> {
			assertThat(threads(context)).isEqualTo(ThreadMode.PLATFORM);
			await().until(() -> context.getBean(Recorder.class).virtual.size() == 20);
			assertThat(context.getBean(Recorder.class).virtual).containsOnly(false);
			assertThat(context.getBean(ApplicationPipelines.class).effectiveConfiguration("t").orElseThrow())
				.containsEntry("threads", "platform");
		});
	}

	@Test
	void whenVirtualThreadsAreAskedForBelowJava21ThenStartupFailsNamingTheKey() {
		if (Runtime.version().feature() >= 21) {
			return; // the Java 25 run checks that they are used
		}
		RUNNER.withPropertyValues("pipeline.pipelines.t.threads=virtual")
			.run((context) -> assertAnalysis(context,
					"Invalid value 'virtual' for 'pipeline.pipelines.t.threads': virtual threads need Java 21 or"
							+ " later, and this is Java " + Runtime.version().feature() + ".",
					"Run on Java 21 or later, or set 'platform'."));
	}

	@Test
	void whenSpringBootsVirtualThreadsAreOnBelowJava21ThenPlatformThreadsRun() {
		if (Runtime.version().feature() >= 21) {
			return; // the Java 25 run checks the default there
		}
		RUNNER.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(threads(context)).isEqualTo(ThreadMode.PLATFORM));
	}

	static ThreadMode threads(AssertableApplicationContext context) {
		return context.getBean(ApplicationPipelines.class).get("t").spec().threadMode();
	}

	static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false; // before Java 21 every thread is a platform thread
		}
	}

	@PipelineHandler("t")
	static class Recorder {

		final List<Boolean> virtual = new CopyOnWriteArrayList<>();

		@OnMessage
		void handle(Long n) {
			this.virtual.add(isVirtual(Thread.currentThread()));
		}

	}

}
