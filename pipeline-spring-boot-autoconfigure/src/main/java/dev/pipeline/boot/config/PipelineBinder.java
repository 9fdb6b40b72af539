package dev.pipeline.boot.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.core.PipelineConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;

/**
 * Binds one pipeline's settings with Spring Boot's {@link Binder}, the same way at
 * start-up and on restart: the engine's keys into {@link PipelineSettings}, and the keys
 * of the source kind the pipeline names under {@code producer.<kind>} into that kind's
 * settings type. On restart, overrides (keys relative to the pipeline) are laid over the
 * application's configuration and everything is bound again.
 *
 * <p>
 * Every problem is a {@link PipelineConfigurationException} naming the key relative to
 * the pipeline: a value that does not convert, a key no setting has (with the keys that
 * exist at that level), two sources, or a source kind whose module is missing.
 *
 * @since 0.2.0
 */
public final class PipelineBinder {

	/** Where pipelines are configured. */
	public static final String PREFIX = "pipeline.pipelines.";

	/** Source kinds that ship in their own module, by the module's artifact id. */
	private static final Map<String, String> MODULES = Map.of("rabbitmq", "pipeline-rabbitmq", "kafka",
			"pipeline-kafka", "kafka-share", "pipeline-kafka", "eventrelay", "pipeline-eventrelay");

	private final Iterable<ConfigurationPropertySource> sources;

	private final @Nullable PlaceholdersResolver placeholders;

	private final ConversionService conversionService;

	private final Map<String, PipelineSourceKind<Object>> kinds;

	/**
	 * Creates a binder.
	 * @param sources the application's configuration
	 * @param placeholders resolves {@code ${...}} in values, or {@code null}
	 * @param conversionService converts values, as Spring Boot's binding does
	 * @param kinds the source kinds the application has
	 */
	@SuppressWarnings("unchecked")
	public PipelineBinder(Iterable<ConfigurationPropertySource> sources, @Nullable PlaceholdersResolver placeholders,
			ConversionService conversionService, List<? extends PipelineSourceKind<?>> kinds) {
		this.sources = sources;
		this.placeholders = placeholders;
		this.conversionService = conversionService;
		Map<String, PipelineSourceKind<Object>> byName = new LinkedHashMap<>();
		for (PipelineSourceKind<?> kind : kinds) {
			byName.putIfAbsent(kind.name(), (PipelineSourceKind<Object>) kind);
		}
		this.kinds = byName;
	}

	/**
	 * Returns the names of the configured pipelines, in the order the configuration first
	 * names them.
	 * @return the names
	 */
	public List<String> names() {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		this.sources.forEach(sources::add);
		return List.copyOf(children(sources, ConfigurationPropertyName.of(PREFIX.substring(0, PREFIX.length() - 1))));
	}

	/**
	 * Binds a pipeline as configured.
	 * @param name the pipeline's name
	 * @return its settings
	 * @throws PipelineConfigurationException when a key or value is wrong
	 */
	public BoundPipeline bind(String name) {
		return bind(name, Map.of());
	}

	/**
	 * Binds a pipeline with overrides laid over its configuration.
	 * @param name the pipeline's name
	 * @param overrides values by key relative to the pipeline, flat (see
	 * {@link Overrides#flatten})
	 * @return its settings
	 * @throws PipelineConfigurationException when a key or value is wrong
	 */
	public BoundPipeline bind(String name, Map<String, String> overrides) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(PREFIX + name);
		List<ConfigurationPropertySource> layered = new ArrayList<>();
		if (!overrides.isEmpty()) {
			Map<String, String> prefixed = new LinkedHashMap<>();
			overrides.forEach((key, value) -> prefixed.put(root.append(key).toString(), value));
			layered.add(new MapConfigurationPropertySource(prefixed));
		}
		this.sources.forEach(layered::add);
		Binder binder = new Binder(layered, this.placeholders, this.conversionService);
		BoundKeys keys = new BoundKeys();
		PipelineSettings settings = bind(binder, name, root, PipelineSettings.class, keys);
		Set<String> producerChildren = children(layered, root.append("producer"));
		List<String> configured = new ArrayList<>();
		if (settings.getProducer().getSourceBean() != null) {
			configured.add(PipelineSettings.SOURCE_BEAN);
		}
		PipelineSourceKind<Object> kind = null;
		for (String child : producerChildren) {
			PipelineSourceKind<Object> candidate = this.kinds.get(child);
			if (candidate != null) {
				configured.add("producer." + child);
				kind = candidate;
			}
			else if (MODULES.containsKey(child)) {
				throw PipelineConfigurationException.of(name, List.of("producer." + child),
						"The " + child + " source of pipeline '" + PipelineConfigurationException.path(name, "")
								+ "' needs the " + MODULES.get(child) + " module, which is not on the classpath.",
						"Add dev.pipeline:" + MODULES.get(child)
								+ " to the application's dependencies, or configure another source.");
			}
		}
		configured.sort(null);
		if (configured.size() > 1) {
			throw PipelineConfigurationException.of(name, configured,
					"Pipeline '" + PipelineConfigurationException.path(name, "") + "' has " + configured.size()
							+ " sources, " + String.join(" and ", configured) + ": exactly one is allowed.",
					"Configure exactly one of producer.source-bean and producer.<kind> (kinds: "
							+ String.join(", ", this.kinds.keySet()) + ").");
		}
		Object kindSettings = null;
		if (kind != null) {
			kindSettings = bind(binder, name, root.append("producer").append(kind.name()), kind.settingsType(), keys);
		}
		keys.rejectUnknown(name, root, layered);
		return new BoundPipeline(name, settings, kind, kindSettings);
	}

	/**
	 * Binds overrides onto settings that are already bound, for a pipeline that was not
	 * configured through properties (built in plain Java).
	 * @param pipeline the pipeline's name
	 * @param settings the settings in effect, changed in place
	 * @param overrides values by key relative to the pipeline, flat
	 * @return the settings
	 * @throws PipelineConfigurationException when a key or value is wrong
	 */
	public static PipelineSettings bindOnto(String pipeline, PipelineSettings settings, Map<String, String> overrides) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(PREFIX + pipeline);
		Map<String, String> prefixed = new LinkedHashMap<>();
		overrides.forEach((key, value) -> prefixed.put(root.append(key).toString(), value));
		List<ConfigurationPropertySource> sources = List.of(new MapConfigurationPropertySource(prefixed));
		BoundKeys keys = new BoundKeys();
		try {
			new Binder(sources, null, ApplicationConversionService.getSharedInstance()).bind(root,
					Bindable.ofInstance(settings), keys);
		}
		catch (BindException ex) {
			throw BindFailures.describe(pipeline, ex);
		}
		keys.rejectUnknown(pipeline, root, sources);
		return settings;
	}

	private static <T> T bind(Binder binder, String pipeline, ConfigurationPropertyName at, Class<T> type,
			BoundKeys keys) {
		try {
			return binder.bindOrCreate(at, Bindable.of(type), keys);
		}
		catch (BindException ex) {
			throw BindFailures.describe(pipeline, ex);
		}
	}

	private static Set<String> children(List<ConfigurationPropertySource> sources, ConfigurationPropertyName parent) {
		Set<String> children = new LinkedHashSet<>();
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter((name) -> name.getNumberOfElements() > parent.getNumberOfElements()
							&& parent.isAncestorOf(name))
					.forEach((name) -> children
						.add(name.getElement(parent.getNumberOfElements(), ConfigurationPropertyName.Form.DASHED)));
			}
		}
		return children;
	}

}
