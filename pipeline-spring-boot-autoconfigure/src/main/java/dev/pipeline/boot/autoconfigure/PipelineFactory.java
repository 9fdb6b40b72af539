package dev.pipeline.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.pipeline.boot.annotation.MessageExpression;
import dev.pipeline.boot.annotation.PayloadConverter;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.annotation.PipelineHandlerBinding;
import dev.pipeline.boot.autoconfigure.PipelineProperties.Batcher;
import dev.pipeline.boot.autoconfigure.PipelineProperties.PipelineSettings;
import dev.pipeline.boot.autoconfigure.PipelineProperties.Processor;
import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.boot.test.PipelineTestClient;
import dev.pipeline.core.Message;
import dev.pipeline.boot.actuate.CompositePipelineListener;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ResolvableType;

import static dev.pipeline.boot.diagnostics.PipelineSetupException.PREFIX;

/**
 * Makes the application's pipelines from their properties and their handler beans, in
 * explicit steps: match handler beans to configured pipelines, bind each bean's methods,
 * map the properties onto a spec builder with its source, and let the engine validate the
 * spec. Every problem is a {@link PipelineSetupException} naming the full key or the
 * method, and the fix; the engine's validation errors are rendered under
 * {@code pipeline.pipelines.}.
 */
final class PipelineFactory {

	private final PipelineProperties properties;

	private final ListableBeanFactory beanFactory;

	private final PayloadConverter converter;

	private final PipelineSources sources;

	private final Supplier<List<PipelineListener>> listeners;

	private final Supplier<List<PipelineSpecCustomizer>> customizers;

	PipelineFactory(PipelineProperties properties, ListableBeanFactory beanFactory, PayloadConverter converter,
			PipelineSources sources, Supplier<List<PipelineListener>> listeners,
			Supplier<List<PipelineSpecCustomizer>> customizers) {
		this.properties = properties;
		this.beanFactory = beanFactory;
		this.converter = converter;
		this.sources = sources;
		this.listeners = listeners;
		this.customizers = customizers;
	}

	/**
	 * Makes every configured pipeline, not started.
	 * @param testClient the test client whose in-memory sources replace the configured
	 * ones, or {@code null}
	 * @return the pipelines, in the order they are configured
	 */
	List<Pipeline<Object>> create(@Nullable PipelineTestClient testClient) {
		this.sources.rejectUnknownKeys();
		Map<String, String> handlers = handlerBeans();
		List<Pipeline<Object>> pipelines = new ArrayList<>();
		for (Map.Entry<String, PipelineSettings> entry : this.properties.getPipelines().entrySet()) {
			String name = entry.getKey();
			String beanName = handlers.get(name);
			if (beanName == null) {
				throw new PipelineSetupException("Pipeline '" + PREFIX + name + "' has no handler bean.",
						"Add a bean annotated @PipelineHandler(\"" + name + "\") with an @OnMessage method, or remove "
								+ PREFIX + name + ".");
			}
			PipelineHandlerBinding binding = PipelineHandlerBinding.bind(name, beanName,
					this.beanFactory.getBean(beanName), this.converter);
			pipelines.add(Pipeline.create(spec(name, entry.getValue(), binding, testClient)));
		}
		return pipelines;
	}

	private Map<String, String> handlerBeans() {
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
			if (!this.properties.getPipelines().containsKey(pipeline)) {
				throw new PipelineSetupException(
						"Handler bean '" + beanName + "' (" + type.getName() + ") is bound to pipeline '" + pipeline
								+ "', but '" + PREFIX + pipeline + "' is not configured; configured pipelines: "
								+ this.properties.getPipelines().keySet() + ".",
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

	private PipelineSpec<Object> spec(String name, PipelineSettings settings, PipelineHandlerBinding binding,
			@Nullable PipelineTestClient testClient) {
		String path = PREFIX + name;
		PipelineSpec.Builder<Object> builder = Pipeline.builder(name);
		this.sources.apply(name, settings.getProducer(), builder, testClient);
		processors(path, settings.getProcessors(), binding, builder);
		for (Map.Entry<String, Batcher> entry : settings.getBatchers().entrySet()) {
			batcher(path, entry.getKey(), entry.getValue(), builder);
		}
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
		binding.applyTo(builder);
		builder.shutdownTimeout(settings.getShutdownTimeout());
		this.sources.applyBroker(name, settings.getProducer(), builder, testClient);
		builder.listener(CompositePipelineListener.of(this.listeners.get()));
		try {
			PipelineSpec<Object> spec = builder.build();
			for (PipelineSpecCustomizer customizer : this.customizers.get()) {
				spec = customizer.customize(spec);
			}
			return spec;
		}
		catch (PipelineConfigurationException ex) {
			throw PipelineSetupException.from(ex);
		}
	}

	private void processors(String path, Map<String, Processor> groups, PipelineHandlerBinding binding,
			PipelineSpec.Builder<Object> builder) {
		for (String group : groups.keySet()) {
			if (!PipelineSpec.PROCESSORS.equals(group)) {
				throw new PipelineSetupException(
						"Unknown processor group '" + group + "' in '" + path + ".processors': the only group is '"
								+ PipelineSpec.PROCESSORS + "'.",
						"Rename " + path + ".processors." + group + " to " + path + ".processors."
								+ PipelineSpec.PROCESSORS + ".");
			}
		}
		Processor processor = groups.getOrDefault(PipelineSpec.PROCESSORS, new Processor());
		String key = path + ".processors." + PipelineSpec.PROCESSORS + ".partition-by";
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
		builder.processors((p) -> {
			if (processor.getConcurrency() != null) {
				p.concurrency(processor.getConcurrency());
			}
			if (processor.getMaxDemand() != null) {
				p.maxDemand(processor.getMaxDemand());
			}
			p.minDemand(processor.getMinDemand()).partitionBy(byKey);
		});
	}

	private void batcher(String path, String name, Batcher batcher, PipelineSpec.Builder<Object> builder) {
		String key = path + ".batchers." + name + ".partition-by";
		Function<Message<Object>, @Nullable Object> partitionBy = (batcher.getPartitionBy() != null) ? MessageExpression
			.parse(batcher.getPartitionBy(), key, ResolvableType.forClass(Object.class), this.converter) : null;
		builder.batcher(name, (b) -> {
			b.batchSize(batcher.getBatchSize())
				.batchTimeout(batcher.getBatchTimeout())
				.concurrency(batcher.getConcurrency())
				.maxDemand(batcher.getMaxDemand())
				.partitionBy(partitionBy);
			if (batcher.getBatchMaxBytes() != null) {
				b.batchMaxBytes(batcher.getBatchMaxBytes().toBytes());
			}
		});
	}

}
