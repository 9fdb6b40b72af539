package dev.pipeline.boot.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import dev.pipeline.boot.autoconfigure.PipelineProperties.PipelineSettings;
import dev.pipeline.boot.diagnostics.PipelineSetupException;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;

/**
 * Refuses keys under {@code pipeline.pipelines.<name>} that no setting binds, so a typo
 * such as {@code batch-sise} stops start-up instead of being ignored while the default
 * silently applies.
 */
final class UnknownKeys {

	private static final String PIPELINES = "pipeline.pipelines";

	private UnknownKeys() {
	}

	static void check(Binder binder) {
		try {
			binder.bind(PIPELINES, Bindable.mapOf(String.class, PipelineSettings.class),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				List<String> keys = unbound.getUnboundProperties()
					.stream()
					.map((property) -> property.getName().toString())
					.sorted()
					.collect(Collectors.toList());
				throw new PipelineSetupException(
						"Unknown " + ((keys.size() == 1) ? "key " : "keys ")
								+ String.join(", ", keys.stream().map((key) -> "'" + key + "'").toList())
								+ ": no pipeline setting has " + ((keys.size() == 1) ? "that name." : "these names."),
						"Correct the spelling (docs/configuration.md lists every key), or remove "
								+ ((keys.size() == 1) ? "it." : "them."),
						ex);
			}
			// values that do not convert are reported by Spring Boot's own binding
			// failure analysis
		}
	}

}
