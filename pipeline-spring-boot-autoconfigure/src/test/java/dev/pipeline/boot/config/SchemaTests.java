package dev.pipeline.boot.config;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.pipeline.boot.autoconfigure.eventrelay.EventRelayProperties;
import dev.pipeline.boot.autoconfigure.kafka.PipelineKafkaProperties;
import dev.pipeline.boot.autoconfigure.kafka.PipelineKafkaShareProperties;
import dev.pipeline.boot.autoconfigure.rabbitmq.PipelineRabbitProperties;
import dev.pipeline.boot.source.GeneratorSettings;
import dev.pipeline.core.SettingKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One schema: each key's name comes from one field of a settings class, and no main code
 * spells it again. The engine's keys are named in text once, in {@link SettingKeys},
 * which must agree with {@link PipelineSettings}; a source kind's keys appear in text at
 * most once (in its own validation).
 */
class SchemaTests {

	private static final Path ROOT = Path.of("..");

	/** Endpoint actions that share a name with a key. */
	private static final Set<String> ACTIONS = Set.of("rate-limit");

	private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);

	@Test
	void whenTheEngineNamesASettingThenItIsAPropertyOfThePipelineSettings() {
		Set<String> named = engineKeys();
		named.removeAll(Set.of("producer", "batchers", "default", "order-by", "threads"));
		assertThat(leaves(PipelineSettings.class)).as("keys bound from PipelineSettings").containsAll(named);
	}

	private static Set<String> engineKeys() {
		Set<String> named = new TreeSet<>();
		for (Field field : SettingKeys.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				try {
					String key = (String) field.get(null);
					named.add(key.substring(key.lastIndexOf('.') + 1));
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return named;
	}

	@Test
	void whenMainCodeSpellsAKeyThenItDoesSoOnce() {
		Map<String, Class<?>> schemas = new LinkedHashMap<>();
		schemas.put("engine", PipelineSettings.class);
		schemas.put("generator", GeneratorSettings.class);
		schemas.put("rabbitmq", PipelineRabbitProperties.class);
		schemas.put("kafka", PipelineKafkaProperties.class);
		schemas.put("kafka-share", PipelineKafkaShareProperties.class);
		schemas.put("eventrelay", EventRelayProperties.class);
		List<Path> sources = mainSources();
		assertThat(sources).as("main sources found").hasSizeGreaterThan(100);
		Set<String> engine = engineKeys();
		List<String> repeated = new ArrayList<>();
		schemas.forEach((schema, type) -> {
			for (String key : leaves(type)) {
				if (!key.contains("-") || ACTIONS.contains(key)) {
					continue; // one-word keys (queue, topics) read as words in messages
				}
				List<String> places = spellings(sources, key);
				// a kind's key is spelled once by each kind that has it (kafka and
				// kafka-share both have group-id)
				int allowed = engine.contains(key) ? 0 : kindsWith(schemas, key);
				if (places.size() > allowed) {
					repeated.add(key + " in " + places);
				}
			}
		});
		assertThat(repeated).as("keys spelled in text more often than allowed").isEmpty();
	}

	private static int kindsWith(Map<String, Class<?>> schemas, String key) {
		int kinds = 0;
		for (Map.Entry<String, Class<?>> schema : schemas.entrySet()) {
			if (!schema.getKey().equals("engine") && leaves(schema.getValue()).contains(key)) {
				kinds++;
			}
		}
		return Math.max(1, kinds);
	}

	private static List<String> spellings(List<Path> sources, String key) {
		Pattern literal = Pattern.compile("\"([^\"\\\\]|\\\\.)*\"");
		Pattern segment = Pattern.compile("(^|[\".])" + Pattern.quote(key) + "($|[\".])");
		List<String> places = new ArrayList<>();
		for (Path source : sources) {
			if (source.endsWith("SettingKeys.java")) {
				continue;
			}
			String text = COMMENT.matcher(read(source)).replaceAll("");
			Matcher matcher = literal.matcher(text);
			while (matcher.find()) {
				if (segment.matcher(matcher.group()).find()) {
					places.add(source.getFileName().toString());
				}
			}
		}
		return places;
	}

	private static Set<String> leaves(Class<?> type) {
		Set<String> keys = new TreeSet<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			keys.add(DataObjectPropertyName.toDashedForm(property.getName()));
			Class<?> nested = property.getPropertyType();
			if (nested.getName().startsWith("dev.pipeline")) {
				keys.addAll(leaves(nested));
			}
		}
		keys.addAll(nestedInMaps(type));
		return keys;
	}

	private static Set<String> nestedInMaps(Class<?> type) {
		Set<String> keys = new TreeSet<>();
		for (Class<?> member : type.getClasses()) {
			keys.addAll(leaves(member));
		}
		return keys;
	}

	private static List<Path> mainSources() {
		try (Stream<Path> modules = Files.list(ROOT)) {
			List<Path> sources = new ArrayList<>();
			for (Path module : modules.filter((path) -> path.getFileName().toString().startsWith("pipeline-"))
				.toList()) {
				Path main = module.resolve("src/main/java");
				if (Files.isDirectory(main)) {
					try (Stream<Path> files = Files.walk(main)) {
						files.filter((file) -> file.toString().endsWith(".java")).forEach(sources::add);
					}
				}
			}
			return sources;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
