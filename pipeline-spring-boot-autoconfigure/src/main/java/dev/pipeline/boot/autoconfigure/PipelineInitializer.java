package dev.pipeline.boot.autoconfigure;

import java.util.List;
import java.util.function.Supplier;

import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.core.Pipeline;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Makes the pipelines once every singleton exists (so handler beans may depend on the
 * {@link ApplicationPipelines}) and registers them; a setup error stops the context's
 * refresh before any pipeline starts.
 */
final class PipelineInitializer implements SmartInitializingSingleton {

	private final PipelineFactory factory;

	private final Supplier<@Nullable ApplicationPipelines> registry;

	PipelineInitializer(PipelineFactory factory, Supplier<@Nullable ApplicationPipelines> registry) {
		this.factory = factory;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<Pipeline<Object>> pipelines = this.factory.create();
		ApplicationPipelines registry = this.registry.get();
		if (registry == null) {
			if (!pipelines.isEmpty()) {
				throw new PipelineSetupException(
						"Pipelines are configured under 'pipeline.pipelines', but the application defines its own"
								+ " PipelineRegistry bean, which replaces the one that runs them.",
						"Remove the application's PipelineRegistry bean, or build those pipelines yourself and"
								+ " remove 'pipeline.pipelines'.");
			}
			return;
		}
		for (Pipeline<Object> pipeline : pipelines) {
			registry.register(pipeline, this.factory.autoStartup(pipeline.name()),
					this.factory.assembly(pipeline.name()));
		}
	}

}
