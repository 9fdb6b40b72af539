package dev.pipeline.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.pipeline.boot.actuate.CompositePipelineListener;
import dev.pipeline.boot.annotation.DefaultPayloadConverter;
import dev.pipeline.boot.annotation.MessageExpression;
import dev.pipeline.boot.annotation.PayloadConverter;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.annotation.PipelineHandlerBinding;
import dev.pipeline.boot.config.BoundPipeline;
import dev.pipeline.boot.config.Overrides;
import dev.pipeline.boot.config.PipelineBinder;
import dev.pipeline.boot.config.PipelineSettings;
import dev.pipeline.boot.config.PipelineSettings.Batcher;
import dev.pipeline.boot.config.PipelineSettings.Processor;
import dev.pipeline.boot.config.SettingsView;
import dev.pipeline.boot.config.SpecMapping;
import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.boot.lifecycle.PipelineAssembly;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.boot.source.PipelineSourceReplacement;
import dev.pipeline.boot.source.SourceKindContext;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.SettingKeys;
import dev.pipeline.core.Source;
import dev.pipeline.core.ThreadMode;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ResolvableType;

import static dev.pipeline.boot.diagnostics.PipelineSetupException.PREFIX;

/**
 * Makes the application's pipelines from their properties and their handler beans, the
 * same way at start-up and on restart: bind the pipeline's keys ({@link PipelineBinder}),
 * map the engine's settings onto a builder, bind the handler bean's methods, let the
 * source kind set the sources, and let the engine validate the spec. On restart the
 * overrides are laid over the properties (and over the overrides of earlier restarts) and
 * everything is bound again, so any key can change, source settings included.
 *
 * <p>
 * At start-up every problem is a {@link PipelineSetupException} naming the full key or
 * the method, and the fix; on restart it is the engine's
 * {@link PipelineConfigurationException}, and the running pipeline is untouched.
 */
final class PipelineFactory {

	private final PipelineBinder binder;

	private final ListableBeanFactory beanFactory;

	private final PayloadConverter converter;

	private final Supplier<List<PipelineListener>> listeners;

	private final Supplier<List<PipelineSpecCustomizer>> customizers;

	private final @Nullable PipelineSourceReplacement replacement;

	private final ThreadMode defaultThreads;

	private final boolean defaultObservations;

	private final @Nullable UnaryOperator<Runnable> threadDecorator;

	private final Map<String, Assembly> assemblies = new ConcurrentHashMap<>();

	PipelineFactory(PipelineBinder binder, ListableBeanFactory beanFactory, PayloadConverter converter,
			Supplier<List<PipelineListener>> listeners, Supplier<List<PipelineSpecCustomizer>> customizers,
			@Nullable PipelineSourceReplacement replacement, ThreadMode defaultThreads, boolean defaultObservations,
			@Nullable UnaryOperator<Runnable> threadDecorator) {
		this.binder = binder;
		this.beanFactory = beanFactory;
		this.converter = converter;
		this.listeners = listeners;
		this.customizers = customizers;
		this.replacement = replacement;
		this.defaultThreads = defaultThreads;
		this.defaultObservations = defaultObservations;
		this.threadDecorator = threadDecorator;
	}

	/**
	 * Makes every configured pipeline, not started.
	 * @return the pipelines, in the order they are configured
	 * @throws PipelineSetupException when a setting or a handler is wrong
	 */
	List<Pipeline<Object>> create() {
		Map<String, String> handlers = handlerBeans();
		List<Pipeline<Object>> pipelines = new ArrayList<>();
		for (String name : this.binder.names()) {
			String beanName = handlers.get(name);
			if (beanName == null) {
				throw new PipelineSetupException("Pipeline '" + PREFIX + name + "' has no handler bean.",
						"Add a bean annotated @PipelineHandler(\"" + name + "\") with an @OnMessage method, or remove "
								+ PREFIX + name + ".");
			}
			try {
				PipelineHandlerBinding binding = PipelineHandlerBinding.bind(name, beanName,
						this.beanFactory.getBean(beanName), this.converter);
				pipelines.add(Pipeline.create(assemble(name, binding, Map.of())));
			}
			catch (PipelineConfigurationException ex) {
				throw PipelineSetupException.from(ex);
			}
		}
		return pipelines;
	}

	/**
	 * Returns whether a pipeline made here starts with the application context.
	 * @param name the pipeline's name
	 * @return its {@code auto-startup} setting
	 */
	boolean autoStartup(String name) {
		Assembly assembly = this.assemblies.get(name);
		return assembly == null || assembly.autoStartup();
	}

	/**
	 * Returns how a pipeline made here is made again on restart.
	 * @param name the pipeline's name
	 * @return its assembly
	 */
	PipelineAssembly assembly(String name) {
		return new PipelineAssembly() {

			@Override
			public PipelineSpec<Object> rebuild(Map<String, ?> overrides) {
				return PipelineFactory.this.rebuild(name, overrides);
			}

			@Override
			public Map<String, Object> effectiveConfiguration() {
				return PipelineFactory.this.effectiveConfiguration(name).orElse(Map.of());
			}

		};
	}

	/**
	 * Makes a pipeline's spec again with overrides laid over its properties and over the
	 * overrides of its earlier restarts.
	 * @param name the pipeline's name
	 * @param overrides keys relative to the pipeline, possibly nested
	 * @return the new spec, validated
	 * @throws NoSuchElementException if no such pipeline was made here
	 * @throws PipelineConfigurationException when a key or value is wrong
	 */
	PipelineSpec<Object> rebuild(String name, Map<String, ?> overrides) {
		Assembly current = this.assemblies.get(name);
		if (current == null) {
			throw new NoSuchElementException("No pipeline named '" + name + "'");
		}
		Map<String, String> flat = Overrides.flatten(name, overrides);
		Overrides.requireKnownBatchers(name, flat, current.batchers());
		Map<String, String> merged = new LinkedHashMap<>(current.overrides());
		merged.putAll(flat);
		try {
			return assemble(name, current.binding(), merged);
		}
		catch (PipelineSetupException ex) {
			throw PipelineConfigurationException.of(name, List.of(), ex.description(), ex.action());
		}
	}

	/**
	 * Returns the settings a pipeline runs with, as bound, with derived values.
	 * @param name the pipeline's name
	 * @return the settings, or empty
	 */
	Optional<Map<String, Object>> effectiveConfiguration(String name) {
		return Optional.ofNullable(this.assemblies.get(name)).map(Assembly::view);
	}

	private PipelineSpec<Object> assemble(String name, PipelineHandlerBinding binding, Map<String, String> overrides) {
		BoundPipeline bound = this.binder.bind(name, overrides);
		PipelineSettings settings = bound.settings();
		String path = PREFIX + name;
		PipelineSpec.Builder<Object> builder = Pipeline.builder(name);
		builder.threads(this.defaultThreads);
		if (this.threadDecorator != null) {
			builder.threadDecorator(this.threadDecorator);
		}
		if (settings.getObservations().getEnabled() == null) {
			settings.getObservations().setEnabled(this.defaultObservations);
		}
		SpecMapping.applyTo(name, settings, builder);
		partitionBy(path, settings, binding, builder);
		checkBatchers(path, settings, binding);
		binding.applyTo(builder);
		builder.listener(CompositePipelineListener.of(this.listeners.get()));
		int concurrency = settings.getProducer().getConcurrency();
		Object effectiveSource = bound.kindSettings();
		if (this.replacement != null) {
			PipelineSourceReplacement replacement = this.replacement;
			builder.sources(1, (index) -> replacement.source(name));
		}
		else if (settings.getProducer().getSourceBean() != null) {
			builder.sources(concurrency, sourceBean(path, settings.getProducer().getSourceBean(), concurrency));
		}
		else if (bound.kind() != null && bound.kindSettings() != null) {
			PipelineSourceKind<Object> kind = bound.kind();
			effectiveSource = kind.configure(sourceKindContext(name, kind.name(), concurrency, binding),
					bound.kindSettings(), builder);
		}
		// with no source at all, the engine's validation names what is missing
		PipelineSpec<Object> spec = builder.build();
		BoundPipeline resolved = new BoundPipeline(name, settings, bound.kind(), effectiveSource);
		for (PipelineSpecCustomizer customizer : this.customizers.get()) {
			spec = customizer.customize(spec, resolved);
		}
		BoundPipeline effective = new BoundPipeline(name, withDerived(settings, spec), bound.kind(), effectiveSource);
		this.assemblies.put(name, new Assembly(binding, Map.copyOf(overrides), SettingsView.of(effective),
				List.copyOf(settings.getBatchers().keySet()), settings.isAutoStartup()));
		return spec;
	}

	/**
	 * The context a source kind configures in: the handler's payload type when the
	 * application's converter is the default one, whose conversions are known.
	 */
	private SourceKindContext sourceKindContext(String name, String kind, int concurrency,
			PipelineHandlerBinding binding) {
		String method = binding.onMessageMethod();
		if (!(this.converter instanceof DefaultPayloadConverter) || method == null) {
			return new SourceKindContext(name, kind, concurrency);
		}
		return new SourceKindContext(name, kind, concurrency, binding.payloadType(),
				"method " + method + " of handler bean '" + binding.beanName() + "'");
	}

	/** The spec's settings, derived values included, with the expressions as bound. */
	private static PipelineSettings withDerived(PipelineSettings bound, PipelineSpec<Object> spec) {
		PipelineSettings derived = SpecMapping.of(spec);
		derived.setAutoStartup(bound.isAutoStartup());
		derived.getObservations().setEnabled(bound.getObservations().getEnabled());
		derived.getProducer().setSourceBean(bound.getProducer().getSourceBean());
		Processor processor = bound.getProcessors().get(PipelineSpec.PROCESSORS);
		if (processor != null) {
			derived.getProcessors().get(PipelineSpec.PROCESSORS).setPartitionBy(processor.getPartitionBy());
		}
		bound.getBatchers().forEach((batcher, settings) -> {
			Batcher described = derived.getBatchers().get(batcher);
			if (described != null) {
				described.setPartitionBy(settings.getPartitionBy());
			}
		});
		return derived;
	}

	private void partitionBy(String path, PipelineSettings settings, PipelineHandlerBinding binding,
			PipelineSpec.Builder<Object> builder) {
		for (String group : settings.getProcessors().keySet()) {
			if (!PipelineSpec.PROCESSORS.equals(group)) {
				throw new PipelineSetupException(
						"Unknown processor group '" + group + "' in '" + path + ".processors': the only group is '"
								+ PipelineSpec.PROCESSORS + "'.",
						"Rename " + path + ".processors." + group + " to " + path + ".processors."
								+ PipelineSpec.PROCESSORS + ".");
			}
		}
		Processor processor = settings.getProcessors().getOrDefault(PipelineSpec.PROCESSORS, new Processor());
		String key = path + "." + SettingKeys.processors(SettingKeys.PARTITION_BY);
		Function<Message<Object>, @Nullable Object> partitionBy = binding.partitionKey();
		if (processor.getPartitionBy() != null) {
			if (partitionBy != null) {
				throw new PipelineSetupException(
						"Pipeline '" + path + "' has two partition keys: '" + key + "' and the @PartitionKey method "
								+ binding.partitionKeyMethod() + " of handler bean '" + binding.beanName() + "'.",
						"Remove " + key + " or the @PartitionKey method.");
			}
			partitionBy = MessageExpression.parse(processor.getPartitionBy(), key, binding.payloadType(),
					this.converter);
		}
		Function<Message<Object>, @Nullable Object> byKey = partitionBy;
		builder.processors((p) -> p.partitionBy(byKey));
		settings.getBatchers().forEach((name, batcher) -> {
			String batcherKey = path + "." + SettingKeys.batcher(name, SettingKeys.PARTITION_BY);
			Function<Message<Object>, @Nullable Object> batcherPartitionBy = (batcher.getPartitionBy() != null)
					? MessageExpression.parse(batcher.getPartitionBy(), batcherKey,
							ResolvableType.forClass(Object.class), this.converter)
					: null;
			builder.batcher(name, (b) -> b.partitionBy(batcherPartitionBy));
		});
	}

	private static void checkBatchers(String path, PipelineSettings settings, PipelineHandlerBinding binding) {
		binding.batchers().forEach((batcher, method) -> {
			if (!settings.getBatchers().containsKey(batcher)) {
				throw new PipelineSetupException(
						"Method " + method + " of handler bean '" + binding.beanName() + "' is @OnBatch(\"" + batcher
								+ "\"), but '" + path + ".batchers." + batcher
								+ "' is not configured; configured batchers: " + settings.getBatchers().keySet() + ".",
						"Configure " + path + ".batchers." + batcher + ", or correct the name in @OnBatch(\"" + batcher
								+ "\").");
			}
		});
	}

	private Map<String, String> handlerBeans() {
		List<String> configured = this.binder.names();
		Map<String, String> handlers = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(PipelineHandler.class)) {
			Class<?> type = this.beanFactory.getType(beanName);
			String pipeline = (type != null) ? PipelineHandlerBinding.pipelineOf(type) : null;
			if (pipeline == null) {
				continue;
			}
			if (pipeline.isBlank()) {
				throw new PipelineSetupException(
						"Handler bean '" + beanName + "' (" + type.getName()
								+ ") is annotated @PipelineHandler without a pipeline name.",
						"Name the pipeline it handles, as in @PipelineHandler(\"sensors\").");
			}
			if (!configured.contains(pipeline)) {
				throw new PipelineSetupException(
						"Handler bean '" + beanName + "' (" + type.getName() + ") is bound to pipeline '" + pipeline
								+ "', but '" + PREFIX + pipeline + "' is not configured; configured pipelines: "
								+ configured + ".",
						"Configure " + PREFIX + pipeline
								+ " (with a source), or correct the name in @PipelineHandler(\"" + pipeline + "\").");
			}
			String previous = handlers.put(pipeline, beanName);
			if (previous != null) {
				throw new PipelineSetupException(
						"Pipeline '" + PREFIX + pipeline + "' has two handler beans, '" + previous + "' and '"
								+ beanName + "': a pipeline has exactly one.",
						"Keep one @PipelineHandler(\"" + pipeline + "\") bean, or bind the other to another pipeline.");
			}
		}
		return handlers;
	}

	@SuppressWarnings("unchecked")
	private java.util.function.IntFunction<Source<Object>> sourceBean(String path, String beanName, int concurrency) {
		String key = path + "." + PipelineSettings.SOURCE_BEAN;
		if (!this.beanFactory.containsBean(beanName) || !this.beanFactory.isTypeMatch(beanName, Source.class)) {
			throw new PipelineSetupException(
					"Invalid value '" + beanName + "' for '" + key
							+ "': there is no bean of that name implementing dev.pipeline.core.Source.",
					"Declare a Source bean named '" + beanName + "', or correct the name.");
		}
		if (concurrency > 1 && !this.beanFactory.isPrototype(beanName)) {
			throw new PipelineSetupException(
					"Source bean '" + beanName + "' ('" + key + "') is a singleton, but producer.concurrency ("
							+ concurrency + ") in '" + path + ".producer' needs one source per producer.",
					"Declare the bean with @Scope(\"prototype\"), or set " + path + ".producer.concurrency to 1.");
		}
		return (index) -> this.beanFactory.getBean(beanName, Source.class);
	}

	/**
	 * What a pipeline was made from, for its restarts and its effective configuration.
	 */
	private record Assembly(PipelineHandlerBinding binding, Map<String, String> overrides, Map<String, Object> view,
			List<String> batchers, boolean autoStartup) {

	}

}
