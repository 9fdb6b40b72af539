package dev.pipeline.boot.autoconfigure.rabbitmq;

import dev.pipeline.boot.source.PipelineMessaging;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.boot.source.SourceKindContext;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.rabbitmq.RabbitSources;

/**
 * The {@code rabbitmq} source kind: one channel per producer on the connection
 * {@link RabbitSourceConnections} decides, with a prefetch derived from the pipeline's
 * demand unless one is set ({@link RabbitSources#derivePrefetch}); the derived prefetch
 * and the connection decided show in the effective configuration.
 */
final class RabbitSourceKind implements PipelineSourceKind<PipelineRabbitProperties> {

	private final RabbitSourceConnections connections;

	/**
	 * Creates the kind.
	 * @param connections the pipelines' connection factories
	 */
	RabbitSourceKind(RabbitSourceConnections connections) {
		this.connections = connections;
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
		RabbitConnectionMode connection = this.connections.decide(context, settings.getConnection());
		java.util.function.IntFunction sources = RabbitSources.create(
				this.connections.connectionFactory(context.pipeline(), connection), settings, context.pipeline(),
				derived, settings.getReconnect().toBackOff());
		builder.sources(context.producerConcurrency(), sources);
		if (settings.getPrefetch() == null) {
			settings.setPrefetch(derived);
		}
		settings.setConnection(connection);
		return settings;
	}

}
