package dev.pipeline.boot.config;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.util.unit.DataSize;

/**
 * Writes bound settings back out the way they are written in {@code application.yml},
 * keyed by their path relative to the pipeline: the effective configuration the endpoint
 * shows, with the keys a restart accepts as overrides. Names come from the settings'
 * properties, so a key is named once, by its field. Durations read as in YAML
 * ({@code 2s}, {@code 500ms}), sizes as {@code 1MB}, enums in lower case; unset values
 * are left out.
 *
 * @since 0.2.0
 */
public final class SettingsView {

	private SettingsView() {
	}

	/**
	 * Describes bound settings.
	 * @param prefix the key of the settings relative to the pipeline, or empty
	 * @param settings the settings object
	 * @param into where the keys go, in order
	 */
	public static void describe(String prefix, Object settings, Map<String, Object> into) {
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(settings);
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(settings.getClass())) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String key = join(prefix, DataObjectPropertyName.toDashedForm(property.getName()));
			value(key, wrapper.getPropertyValue(property.getName()), into);
		}
	}

	/**
	 * Describes a pipeline's bound settings.
	 * @param pipeline the pipeline's settings
	 * @return its keys and values, unmodifiable
	 */
	public static Map<String, Object> of(BoundPipeline pipeline) {
		Map<String, Object> view = new LinkedHashMap<>();
		describe("", pipeline.settings(), view);
		if (pipeline.kind() != null && pipeline.kindSettings() != null) {
			describe("producer." + pipeline.kind().name(), pipeline.kindSettings(), view);
		}
		return Collections.unmodifiableMap(view);
	}

	private static void value(String key, @Nullable Object value, Map<String, Object> into) {
		if (value == null) {
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((name, entry) -> value(join(key, String.valueOf(name)), entry, into));
		}
		else if (value instanceof Collection<?> collection) {
			List<Object> items = new ArrayList<>();
			for (Object item : collection) {
				items.add(isPlain(item) ? scalar(item) : item);
			}
			into.put(key, items);
		}
		else if (isPlain(value)) {
			into.put(key, scalar(value));
		}
		else {
			describe(key, value, into);
		}
	}

	/**
	 * Writes a duration as in YAML, in the largest unit that keeps it exact.
	 * @param duration the duration
	 * @return for example {@code 2s}, {@code 1500ms} or {@code 5m}
	 */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (duration.toNanos() % 1_000_000 != 0) {
			return (duration.toNanos() % 1000 == 0) ? (duration.toNanos() / 1000) + "us" : duration.toNanos() + "ns";
		}
		if (millis != 0 && millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis != 0 && millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

	private static Object scalar(Object value) {
		if (value instanceof Duration duration) {
			return format(duration);
		}
		if (value instanceof DataSize size) {
			return format(size);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		return value.toString();
	}

	private static String format(DataSize size) {
		long bytes = size.toBytes();
		if (bytes != 0 && bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + "MB";
		}
		if (bytes != 0 && bytes % 1024 == 0) {
			return (bytes / 1024) + "KB";
		}
		return bytes + "B";
	}

	private static boolean isPlain(Object value) {
		Class<?> type = value.getClass();
		return type.isEnum() || value instanceof Enum<?> || type.getName().startsWith("java.")
				|| value instanceof DataSize;
	}

	private static String join(String prefix, String key) {
		return prefix.isEmpty() ? key : prefix + "." + key;
	}

}
