package dev.pipeline.boot.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.pipeline.core.PipelineConfigurationException;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.unit.DataSize;

/**
 * Turns a value that does not convert into the project's one grammar: the full key, the
 * value, what is allowed, the fix.
 */
final class BindFailures {

	private BindFailures() {
	}

	static PipelineConfigurationException describe(String pipeline, BindException ex) {
		if (ex.getCause() instanceof PipelineConfigurationException configuration) {
			return configuration;
		}
		ConfigurationPropertyName root = ConfigurationPropertyName.of(PipelineBinder.PREFIX + pipeline);
		ConfigurationPropertyName name = ex.getName();
		// by text: subName fails on some names the binder appends for nested beans
		String prefix = root + ".";
		String key = name.toString().startsWith(prefix) ? name.toString().substring(prefix.length()) : name.toString();
		ConfigurationProperty property = ex.getProperty();
		Object value = (property != null) ? property.getValue() : "";
		Class<?> type = ex.getTarget().getType().resolve(Object.class);
		return PipelineConfigurationException.invalid(pipeline, key, value, "must be " + allowed(type),
				"Give " + allowed(type) + ", or remove the key to use the default.");
	}

	private static String allowed(Class<?> type) {
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "an integer";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type == Duration.class) {
			return "a duration such as 2s or 500ms";
		}
		if (type == DataSize.class) {
			return "a size such as 512KB or 1MB";
		}
		if (type.isEnum()) {
			List<String> names = Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.toList();
			return "one of " + String.join(", ", names);
		}
		return "a value of type " + type.getSimpleName();
	}

}
