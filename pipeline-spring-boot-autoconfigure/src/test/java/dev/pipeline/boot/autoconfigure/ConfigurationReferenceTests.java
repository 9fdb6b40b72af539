package dev.pipeline.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pipeline.boot.autoconfigure.eventrelay.EventRelayProperties;
import dev.pipeline.boot.autoconfigure.kafka.PipelineKafkaProperties;
import dev.pipeline.boot.autoconfigure.rabbitmq.PipelineRabbitProperties;
import dev.pipeline.boot.config.PipelineSettings;
import dev.pipeline.boot.source.GeneratorSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference can't drift from the properties: every key a pipeline can
 * be configured with is found by walking the properties classes, and each must be
 * documented in the page that covers it, in the table of its section.
 */
class ConfigurationReferenceTests {

	private static final Path DOCS = Path.of("..", "docs");

	@Test
	void whenAKeyExistsThenTheReferenceDocumentsIt() throws IOException {
		String configuration = Files.readString(DOCS.resolve("configuration.md"));
		String rabbitmq = Files.readString(DOCS.resolve("rabbitmq.md"));
		String kafka = Files.readString(DOCS.resolve("kafka.md"));
		String eventrelay = Files.readString(DOCS.resolve("eventrelay.md"));
		List<String> keys = new ArrayList<>();
		collect("", PipelineSettings.class, keys);
		collect("producer.generator.", GeneratorSettings.class, keys);
		collect("producer.rabbitmq.", PipelineRabbitProperties.class, keys);
		collect("producer.kafka.", PipelineKafkaProperties.class, keys);
		collect("producer.eventrelay.", EventRelayProperties.class, keys);
		List<String> undocumented = new ArrayList<>();
		for (String key : keys) {
			String documented;
			String page;
			if (key.startsWith("producer.rabbitmq.")) {
				documented = key.substring("producer.rabbitmq.".length());
				page = rabbitmq;
			}
			else if (key.startsWith("producer.eventrelay.")) {
				documented = key.substring("producer.eventrelay.".length());
				page = eventrelay;
			}
			else if (key.startsWith("producer.kafka.")) {
				documented = key.substring("producer.kafka.".length());
				page = kafka;
			}
			else {
				documented = relative(key);
				page = configuration;
			}
			if (!page.contains("| `" + documented + "` |")) {
				undocumented.add(key + " (as `" + documented + "`)");
			}
		}
		assertThat(keys).as("keys found").hasSizeGreaterThan(40);
		assertThat(undocumented).as("keys missing from the reference tables").isEmpty();
		assertThat(configuration).contains("| `pipeline.enabled` |", "| `pipeline.test.in-memory` |");
	}

	private static String relative(String key) {
		for (String section : List.of("producer.", "processors.default.", "batchers.<batcher>.")) {
			if (key.startsWith(section)) {
				return key.substring(section.length());
			}
		}
		return key;
	}

	private static void collect(String prefix, Class<?> type, List<String> keys) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			Method getter = property.getReadMethod();
			if (getter == null || property.getName().equals("class")) {
				continue;
			}
			String name = prefix + kebab(property.getName());
			ResolvableType propertyType = ResolvableType.forMethodReturnType(getter);
			Class<?> raw = propertyType.resolve(Object.class);
			if (Map.class.isAssignableFrom(raw)) {
				Class<?> value = propertyType.asMap().getGeneric(1).resolve(Object.class);
				if (isLeaf(value)) {
					keys.add(name + ".*");
				}
				else {
					String entry = name.endsWith("processors") ? "default" : "<batcher>";
					collect(name + "." + entry + ".", value, keys);
				}
			}
			else if (List.class.isAssignableFrom(raw)) {
				Class<?> element = propertyType.asCollection().getGeneric(0).resolve(Object.class);
				if (isLeaf(element)) {
					keys.add(name);
				}
				else {
					collect(name + "[].", element, keys);
				}
			}
			else if (isLeaf(raw)) {
				keys.add(name);
			}
			else {
				collect(name + ".", raw, keys);
			}
		}
	}

	private static boolean isLeaf(Class<?> type) {
		return BeanUtils.isSimpleValueType(type) || type.getName().startsWith("java.")
				|| type == org.springframework.util.unit.DataSize.class;
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

}
