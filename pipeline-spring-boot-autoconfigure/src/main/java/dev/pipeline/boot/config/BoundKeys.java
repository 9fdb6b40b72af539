package dev.pipeline.boot.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.pipeline.core.PipelineConfigurationException;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * Records the keys a binding used, so that a key under a pipeline that nothing bound (a
 * typo such as {@code batch-sise}) stops start-up or a restart instead of being ignored
 * while the default silently applies. Keys inside a bound map of plain values or a list
 * count as used.
 */
final class BoundKeys extends AbstractBindHandler {

	private final Set<ConfigurationPropertyName> bound = new HashSet<>();

	private final Set<ConfigurationPropertyName> containers = new HashSet<>();

	private final Map<ConfigurationPropertyName, Class<?>> types = new HashMap<>();

	@Override
	public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
		Class<?> type = target.getType().resolve();
		if (type != null) {
			this.types.put(name, type);
		}
		return super.onStart(name, target, context);
	}

	@Override
	public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
		this.bound.add(name);
		if (result instanceof Collection<?> || result.getClass().isArray()
				|| (result instanceof Map<?, ?> map && map.values().stream().allMatch(BoundKeys::isPlain))) {
			this.containers.add(name);
		}
		return super.onSuccess(name, target, context, result);
	}

	/**
	 * Throws when a key under the pipeline was not bound.
	 * @param pipeline the pipeline's name
	 * @param root where the pipeline is configured
	 * @param sources the configuration
	 * @throws PipelineConfigurationException naming the keys, with the keys that exist at
	 * the level of the first one, or naming a renamed key's replacement
	 */
	void rejectUnknown(String pipeline, ConfigurationPropertyName root, List<ConfigurationPropertySource> sources) {
		Set<ConfigurationPropertyName> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream().filter((name) -> root.isAncestorOf(name) && !isKnown(name)).forEach(unknown::add);
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		List<String> keys = new ArrayList<>();
		for (ConfigurationPropertyName name : unknown) {
			keys.add(name.subName(root.getNumberOfElements()).toString());
		}
		for (String key : keys) {
			RenamedKeys.reject(pipeline, key);
		}
		ConfigurationPropertyName first = unknown.iterator().next();
		String plural = (keys.size() == 1) ? "key" : "keys";
		throw PipelineConfigurationException.of(pipeline, keys, "Unknown " + plural + " " + String.join(", ",
				keys.stream().map((key) -> "'" + PipelineConfigurationException.path(pipeline, key) + "'").toList())
				+ ": no pipeline setting has " + ((keys.size() == 1) ? "that name." : "these names."),
				validAt(first) + "Correct the spelling (docs/configuration.md lists every key), or remove "
						+ ((keys.size() == 1) ? "it." : "them."));
	}

	private boolean isKnown(ConfigurationPropertyName name) {
		if (this.bound.contains(name)) {
			return true;
		}
		for (ConfigurationPropertyName container : this.containers) {
			if (container.isAncestorOf(name)) {
				return true;
			}
		}
		return false;
	}

	private String validAt(ConfigurationPropertyName name) {
		ConfigurationPropertyName parent = name.getParent();
		Class<?> type = this.types.get(parent);
		if (type == null || isPlain(type) || Map.class.isAssignableFrom(type)) {
			return "";
		}
		Set<String> valid = new TreeSet<>();
		for (var property : BeanUtils.getPropertyDescriptors(type)) {
			if (!property.getName().equals("class")) {
				valid.add(DataObjectPropertyName.toDashedForm(property.getName()));
			}
		}
		return valid.isEmpty() ? "" : "Keys under '" + parent + "': " + String.join(", ", valid) + ". ";
	}

	private static boolean isPlain(Object value) {
		return isPlain(value.getClass());
	}

	private static boolean isPlain(Class<?> type) {
		return type.isPrimitive() || type.isEnum() || CharSequence.class.isAssignableFrom(type)
				|| Number.class.isAssignableFrom(type) || Boolean.class == type || type.getName().startsWith("java.");
	}

}
