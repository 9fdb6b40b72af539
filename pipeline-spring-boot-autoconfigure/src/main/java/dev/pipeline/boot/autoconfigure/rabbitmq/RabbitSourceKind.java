package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.util.function.Supplier;

import dev.pipeline.boot.source.PipelineMessaging;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.boot.source.SourceKindContext;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.rabbitmq.RabbitSources;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * The {@code rabbitmq} source kind: one channel per producer on the application's
 * connection factory, with a prefetch derived from the pipeline's demand unless one is
 * set ({@link RabbitSources#derivePrefetch}); the derived prefetch shows in the effective
 * configuration.
 */
final class RabbitSourceKind implements PipelineSourceKind<PipelineRabbitProperties> {

	private final Supplier<ConnectionFactory> connectionFactory;

	/**
	 * Creates the kind.
	 * @param connectionFactory the application's connection factory, looked up when a
	 * pipeline needs it
	 */
	RabbitSourceKind(Supplier<ConnectionFactory> connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public String name() {
		return "rabbitmq";
	}

	@Override
	public Class<PipelineRabbitProperties> settingsType() {
		return PipelineRabbitProperties.class;
	}

	@Override
	public PipelineMessaging messaging(PipelineRabbitProperties settings) {
		return new PipelineMessaging(name(), settings.getQueue(), null);
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public PipelineRabbitProperties configure(SourceKindContext context, PipelineRabbitProperties settings,
			PipelineSpec.Builder<Object> builder) {
		settings.getReconnect().validate(context, "reconnect");
		int derived = RabbitSources.derivePrefetch(context.draft(builder));
		java.util.function.IntFunction sources = RabbitSources.create(this.connectionFactory.get(), settings,
				context.pipeline(), derived, settings.getReconnect().toBackOff());
		builder.sources(context.producerConcurrency(), sources);
		if (settings.getPrefetch() == null) {
			settings.setPrefetch(derived);
		}
		return settings;
	}

}
