package dev.pipeline.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

import dev.pipeline.boot.autoconfigure.PipelineProperties.Generator;
import dev.pipeline.boot.autoconfigure.PipelineProperties.Producer;
import dev.pipeline.boot.autoconfigure.PipelineProperties.RateLimit;
import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.boot.test.PipelineTestClient;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;
import dev.pipeline.core.source.GeneratorSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

import static dev.pipeline.boot.diagnostics.PipelineSetupException.PREFIX;

/**
 * Chooses a pipeline's source from {@code producer.*}: exactly one of {@code generator},
 * {@code source-bean}, {@code rabbitmq} and {@code kafka}; or, in test mode, the test
 * client's in-memory source (producer concurrency 1).
 *
 * <p>
 * A {@code source-bean} is looked up by name at every start of the pipeline, once per
 * producer: with {@code producer.concurrency} above 1 it must be prototype-scoped, so
 * each producer gets its own instance; a singleton is started again on every restart.
 */
final class PipelineSources {

	private static final String ONE_SOURCE = "Configure exactly one of producer.generator, producer.source-bean, "
			+ "producer.rabbitmq and producer.kafka.";

	private static final List<String> BROKERS = List.of("producer.rabbitmq", "producer.kafka");

	private final ListableBeanFactory beanFactory;

	private final Binder binder;

	private final List<PipelineSourceConfigurer> brokers;

	PipelineSources(ListableBeanFactory beanFactory, Binder binder, List<PipelineSourceConfigurer> brokers) {
		this.beanFactory = beanFactory;
		this.binder = binder;
		this.brokers = brokers;
	}

	/**
	 * Refuses keys under {@code pipeline.pipelines} that no setting binds.
	 */
	void rejectUnknownKeys() {
		UnknownKeys.check(this.binder);
	}

	void apply(String name, Producer producer, PipelineSpec.Builder<Object> builder,
			@Nullable PipelineTestClient testClient) {
		String path = PREFIX + name + ".producer";
		List<String> configured = configured(path, producer);
		if (configured.size() > 1) {
			throw new PipelineSetupException("Pipeline '" + PREFIX + name + "' has " + configured.size() + " sources, "
					+ String.join(" and ", configured) + ": exactly one is allowed.", ONE_SOURCE);
		}
		builder.rateLimit(rateLimit(path + ".rate-limit", producer.getRateLimit()));
		if (testClient != null) {
			builder.source(testClient.source(name));
			return;
		}
		int concurrency = producer.getConcurrency();
		if (producer.getGenerator() != null) {
			Generator generator = producer.getGenerator();
			LongFunction<Object> payloads = payloads(path + ".generator.payload-bean", generator.getPayloadBean());
			long limit = (generator.getLimit() > 0) ? generator.getLimit() : Long.MAX_VALUE;
			double rate = generator.getRate();
			if (rate < 0) {
				throw new PipelineSetupException(
						"Invalid value '" + rate + "' for '" + path
								+ ".generator.rate': must be 0 (as fast as demanded) or more.",
						"Set a rate in messages per second, or remove the key.");
			}
			builder.sources(concurrency, (index) -> GeneratorSource.of(payloads, limit, rate));
		}
		else if (producer.getSourceBean() != null) {
			builder.sources(concurrency, sourceBean(path, producer.getSourceBean(), concurrency));
		}
		else if (!configured.isEmpty()) {
			broker(name, configured.get(0));
		}
		// with no source at all, the engine's validation names what is missing
	}

	/**
	 * Sets a broker source, once everything else is on the builder.
	 * @param name the pipeline's name
	 * @param producer its producer settings
	 * @param builder its builder, complete but for a broker source
	 * @param testClient the test client, or {@code null}
	 */
	void applyBroker(String name, Producer producer, PipelineSpec.Builder<Object> builder,
			@Nullable PipelineTestClient testClient) {
		if (testClient != null) {
			return;
		}
		List<String> configured = configured(PREFIX + name + ".producer", producer);
		if (configured.size() == 1 && BROKERS.contains(configured.get(0))) {
			broker(name, configured.get(0)).configure(name, producer, builder);
		}
	}

	private PipelineSourceConfigurer broker(String name, String key) {
		String kind = key.substring("producer.".length());
		for (PipelineSourceConfigurer broker : this.brokers) {
			if (broker.kind().equals(kind)) {
				return broker;
			}
		}
		String client = kind.equals("rabbitmq") ? "spring-boot-starter-amqp" : "spring-kafka";
		throw new PipelineSetupException(
				"The " + key + " source of pipeline '" + PREFIX + name + "' needs the " + kind
						+ " client, which is not on the classpath.",
				"Add " + client + " to the application's dependencies, or configure another source.");
	}

	private List<String> configured(String path, Producer producer) {
		List<String> kinds = new ArrayList<>();
		if (producer.getGenerator() != null) {
			kinds.add("producer.generator");
		}
		if (producer.getSourceBean() != null) {
			kinds.add("producer.source-bean");
		}
		if (producer.getRabbitmq() != null || isBound(path + ".rabbitmq")) {
			kinds.add("producer.rabbitmq");
		}
		if (producer.getKafka() != null || isBound(path + ".kafka")) {
			kinds.add("producer.kafka");
		}
		return kinds;
	}

	private boolean isBound(String key) {
		return this.binder.bind(key, Bindable.mapOf(String.class, Object.class)).isBound();
	}

	private static dev.pipeline.core.@Nullable RateLimit rateLimit(String path, @Nullable RateLimit limit) {
		if (limit == null) {
			return null;
		}
		if (limit.getAllowedMessages() < 1) {
			throw new PipelineSetupException(
					"Invalid value '" + limit.getAllowedMessages() + "' for '" + path
							+ ".allowed-messages': must be 1 or more.",
					"Set a positive integer, or remove the rate limit.");
		}
		if (limit.getInterval().toMillis() < 1) {
			throw new PipelineSetupException(
					"Invalid value '" + limit.getInterval() + "' for '" + path + ".interval': must be 1ms or more.",
					"Set a duration such as 1s, or remove the key to use the default.");
		}
		return new dev.pipeline.core.RateLimit(limit.getAllowedMessages(), limit.getInterval());
	}

	@SuppressWarnings("unchecked")
	private LongFunction<Object> payloads(String key, @Nullable String beanName) {
		if (beanName == null) {
			return (n) -> n;
		}
		if (!this.beanFactory.containsBean(beanName) || !this.beanFactory.isTypeMatch(beanName, LongFunction.class)) {
			throw new PipelineSetupException(
					"Invalid value '" + beanName + "' for '" + key
							+ "': there is no bean of that name implementing java.util.function.LongFunction.",
					"Declare a LongFunction bean named '" + beanName + "' that makes the payload of message n, or"
							+ " remove the key to emit n.");
		}
		return this.beanFactory.getBean(beanName, LongFunction.class);
	}

	@SuppressWarnings("unchecked")
	private IntFunction<Source<Object>> sourceBean(String path, String beanName, int concurrency) {
		String key = path + ".source-bean";
		if (!this.beanFactory.containsBean(beanName) || !this.beanFactory.isTypeMatch(beanName, Source.class)) {
			throw new PipelineSetupException(
					"Invalid value '" + beanName + "' for '" + key
							+ "': there is no bean of that name implementing dev.pipeline.core.Source.",
					"Declare a Source bean named '" + beanName + "', or correct the name.");
		}
		if (concurrency > 1 && !this.beanFactory.isPrototype(beanName)) {
			throw new PipelineSetupException(
					"Source bean '" + beanName + "' ('" + key + "') is a singleton, but producer.concurrency ("
							+ concurrency + ") in '" + path + "' needs one source per producer.",
					"Declare the bean with @Scope(\"prototype\"), or set " + path + ".concurrency to 1.");
		}
		return (index) -> this.beanFactory.getBean(beanName, Source.class);
	}

}
