package dev.pipeline.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.test.PipelineTestClient;
import dev.pipeline.core.ThreadMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The threads handlers run on, as docs/threads.md describes them: platform threads named
 * after the pipeline by default, virtual threads through a {@link PipelineSpecCustomizer}
 * on Java 21 or later.
 */
class PipelineThreadsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
		.withPropertyValues("pipeline.test.in-memory=true", "pipeline.pipelines.p.processors.default.concurrency=2")
		.withUserConfiguration(ThreadRecorder.class);

	@Test
	void whenNothingIsSetThenHandlersRunOnPlatformThreadsNamedAfterThePipeline() {
		this.runner.run((context) -> {
			assertThat(context.getBean(PipelineTestClient.class).send("p", "x").await().succeeded()).hasSize(1);
			assertThat(context.getBean(ThreadRecorder.class).threads).singleElement()
				.asString()
				.matches("java.lang.Thread pipeline-p-processor-[01]");
		});
	}

	@Test
	void whenACustomizerAsksForVirtualThreadsThenHandlersRunOnThemOnJava21OrStartUpFailsWithTheReason() {
		this.runner.withUserConfiguration(VirtualThreads.class).run((context) -> {
			if (Runtime.version().feature() >= 21) {
				assertThat(context.getBean(PipelineTestClient.class).send("p", "x").await().succeeded()).hasSize(1);
				assertThat(context.getBean(ThreadRecorder.class).threads).singleElement()
					.asString()
					.matches("java.lang.VirtualThread pipeline-p-processor-[01]");
			}
			else {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessage("Invalid value 'virtual' for 'p.threads': virtual threads need Java 21 or later, and"
							+ " this is Java " + Runtime.version().feature()
							+ ". Action: Run on Java 21 or later, or set 'platform'.");
			}
		});
	}

	@PipelineHandler("p")
	static class ThreadRecorder {

		final List<String> threads = new CopyOnWriteArrayList<>();

		@OnMessage
		void handle(String data) {
			Thread thread = Thread.currentThread();
			this.threads.add(thread.getClass().getName() + " " + thread.getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualThreads {

		@Bean
		PipelineSpecCustomizer virtualThreads() {
			return (spec) -> spec.toBuilder().threads(ThreadMode.VIRTUAL).build();
		}

	}

}
