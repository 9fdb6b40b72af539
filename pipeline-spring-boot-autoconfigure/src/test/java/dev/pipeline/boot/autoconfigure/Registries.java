package dev.pipeline.boot.autoconfigure;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.actuate.SimplePipelineRegistry;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.source.InMemorySource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A registry with one pipeline that is never started, for auto-configuration tests. */
@TestConfiguration(proxyBeanMethods = false)
public class Registries {

	@Bean
	PipelineRegistry pipelineRegistry() {
		return SimplePipelineRegistry.of(Pipeline.create(Pipeline.<String>builder("sensors")
			.source(new InMemorySource<>())
			.processors((p) -> p.concurrency(1))
			.onMessage((m) -> m)
			.build()));
	}

}
