package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.util.function.Supplier;

import dev.pipeline.boot.autoconfigure.PipelineProperties.Producer;
import dev.pipeline.boot.autoconfigure.PipelineSourceConfigurer;
import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.boot.rabbitmq.RabbitSourceProperties;
import dev.pipeline.boot.rabbitmq.RabbitSources;
import dev.pipeline.core.PipelineSpec;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Makes the sources of a pipeline configured with {@code producer.rabbitmq}: one channel
 * per producer, with a prefetch derived from the pipeline's demand unless one is set
 * ({@link RabbitSources#derivePrefetch}).
 */
final class RabbitSourceConfigurer implements PipelineSourceConfigurer {

	private final Supplier<ConnectionFactory> connectionFactory;

	/**
	 * Creates a configurer.
	 * @param connectionFactory the application's connection factory, looked up when a
	 * pipeline needs it
	 */
	RabbitSourceConfigurer(Supplier<ConnectionFactory> connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public String kind() {
		return "rabbitmq";
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void configure(String pipeline, Producer producer, PipelineSpec.Builder<Object> builder) {
		RabbitSourceProperties properties = producer.getRabbitmq();
		if (properties == null) {
			properties = new RabbitSourceProperties();
		}
		int concurrency = producer.getConcurrency();
		int prefetch;
		try {
			prefetch = RabbitSources.derivePrefetch(PipelineSourceConfigurer.draft(builder, concurrency));
			java.util.function.IntFunction sources = RabbitSources.create(this.connectionFactory.get(), properties,
					pipeline, prefetch);
			builder.sources(concurrency, sources);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw PipelineSetupException.from(ex);
		}
	}

}
