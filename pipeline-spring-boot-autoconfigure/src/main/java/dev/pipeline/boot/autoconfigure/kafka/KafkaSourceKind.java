package dev.pipeline.boot.autoconfigure.kafka;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.pipeline.boot.source.PipelineMessaging;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.boot.source.SourceKindContext;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.SettingKeys;
import dev.pipeline.kafka.KafkaOrdering;
import dev.pipeline.kafka.KafkaSourcePlan;
import dev.pipeline.kafka.KafkaSources;
import dev.pipeline.kafka.SpringKafkaClients;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The {@code kafka} source kind: one consumer per producer in the pipeline's group, and
 * the key of its ordering mode installed on the processors as their order-by, with their
 * default max-demand ({@link KafkaSourcePlan#applyTo}).
 */
final class KafkaSourceKind implements PipelineSourceKind<PipelineKafkaProperties>, DisposableBean {

	private final Supplier<SpringKafkaClients> clients;

	private @Nullable SpringKafkaClients shared;

	KafkaSourceKind(Supplier<SpringKafkaClients> clients) {
		this.clients = clients;
	}

	@Override
	public String name() {
		return "kafka";
	}

	@Override
	public Class<PipelineKafkaProperties> settingsType() {
		return PipelineKafkaProperties.class;
	}

	@Override
	public PipelineMessaging messaging(PipelineKafkaProperties settings) {
		return new PipelineMessaging("kafka", String.join(",", settings.getTopics()), settings.getGroupId());
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public PipelineKafkaProperties configure(SourceKindContext context, PipelineKafkaProperties settings,
			PipelineSpec.Builder<Object> builder) {
		String pipeline = context.pipeline();
		settings.getRetry().validate(context, "retry");
		settings.getReconnect().validate(context, "reconnect");
		KafkaSourcePlan plan = KafkaSources.create(pipeline, settings, context.producerConcurrency(), clients(),
				settings.getRetry().toRetryPolicy(), settings.getReconnect().toBackOff());
		PipelineSpec<Object> draft = context.draft(builder);
		if (plan.ordering() != KafkaOrdering.NONE && draft.processors().partitionBy() != null) {
			String partitionBy = SettingKeys.processors(SettingKeys.PARTITION_BY);
			throw PipelineConfigurationException.of(pipeline, List.of(partitionBy, context.key("ordering")),
					"Pipeline '" + PipelineConfigurationException.path(pipeline, "") + "' sets both '"
							+ PipelineConfigurationException.path(pipeline, partitionBy)
							+ "' (or a @PartitionKey method) and '"
							+ PipelineConfigurationException.path(pipeline, context.key("ordering")) + "' ("
							+ plan.ordering().name().toLowerCase(Locale.ROOT)
							+ "), which orders the processors by its own key.",
					"Remove the partition key, or set producer.kafka.ordering to 'none' to partition by it.");
		}
		plan.applyTo((PipelineSpec.Builder) builder);
		if (settings.getGroupId() == null) {
			settings.setGroupId(plan.groupId());
		}
		return settings;
	}

	@Override
	public synchronized void destroy() {
		if (this.shared != null) {
			this.shared.destroy();
		}
	}

	private synchronized SpringKafkaClients clients() {
		if (this.shared == null) {
			this.shared = this.clients.get();
		}
		return this.shared;
	}

}
